#include "app/studio/runs_watcher.h"

#include <algorithm>
#include <chrono>
#include <exception>
#include <tuple>
#include <utility>

#include "engine/runs/history_follower.h"
#include "engine/runs/run_format.h"
#include "engine/runs/run_library.h"
#include "engine/util/atomic_file.h"

namespace nnfs::studio {

struct RunsWatcher::Follow {
  std::unique_ptr<HistoryFollower> follower;
  std::size_t problems_seen = 0;           // follower->problems() already looked at
  std::shared_ptr<const FollowedRun> run;  // as last published; replaced, never changed
};

namespace {

bool same(const RunSummary& a, const RunSummary& b) {
  return std::tie(a.id, a.name, a.state, a.updated, a.epochs_done, a.epochs_total, a.message, a.history_bytes) ==
         std::tie(b.id, b.name, b.state, b.updated, b.epochs_done, b.epochs_total, b.message, b.history_bytes);
}

bool same(const std::vector<RunSummary>& a, const std::vector<RunSummary>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const RunSummary& x, const RunSummary& y) { return same(x, y); });
}

// A run to follow from now on: its settings, and a follower at the start of its history.
RunsWatcher::Follow start_following(const RunSummary& summary) {
  auto run = std::make_shared<FollowedRun>();
  run->summary = summary;
  const std::string settings = runs::join(summary.dir, runs::kSettingsFile);
  try {
    const std::vector<std::byte> bytes = read_file(settings, runs::kMaxSmallFileBytes);
    run->settings = nlohmann::json::parse(reinterpret_cast<const char*>(bytes.data()),
                                          reinterpret_cast<const char*>(bytes.data() + bytes.size()));
  } catch (const std::exception& e) {
    run->problem = settings + ": " + e.what();
  }
  return {std::make_unique<HistoryFollower>(runs::join(summary.dir, runs::kHistoryFile)), 0, std::move(run)};
}

// What the follower found since the last look; null when nothing changed.
std::shared_ptr<const FollowedRun> grown(RunsWatcher::Follow& f, const RunSummary& summary) {
  std::vector<HistoryLine> lines = f.follower->poll();
  const bool restarted = f.follower->restarted();
  const std::vector<std::string>& problems = f.follower->problems();
  const bool new_problem = problems.size() > f.problems_seen;
  if (lines.empty() && !restarted && !new_problem && same(summary, f.run->summary)) return nullptr;
  auto next = std::make_shared<FollowedRun>(*f.run);
  next->summary = summary;
  if (restarted) next->curves.clear();
  for (const HistoryLine& line : lines) next->curves.add(line);
  // The latest problem (a bad line, a history that is not a file); a run that reads again clears it.
  if (new_problem) next->problem = problems.back();
  else if (!lines.empty()) next->problem.clear();
  f.problems_seen = problems.size();
  return next;
}

}  // namespace

RunsWatcher::RunsWatcher(std::string dir, std::function<void()> wake, double interval_seconds)
    : dir_(std::move(dir)), wake_(std::move(wake)), interval_(interval_seconds) {
  auto first = std::make_shared<RunsSnapshot>();
  first->dir = dir_;
  snapshot_ = std::move(first);
  thread_ = std::thread([this] { main(); });
}

RunsWatcher::~RunsWatcher() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    quit_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void RunsWatcher::follow(std::vector<std::string> ids) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (ids == ids_) return;
    ids_ = std::move(ids);
    poke_ = true;
  }
  cv_.notify_all();
}

void RunsWatcher::rename(const std::string& id, const std::string& name) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    commands_.push_back({Command::Kind::Rename, id, name});
    poke_ = true;
  }
  cv_.notify_all();
}

void RunsWatcher::remove(const std::string& id) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    commands_.push_back({Command::Kind::Remove, id, {}});
    poke_ = true;
  }
  cv_.notify_all();
}

void RunsWatcher::refresh() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    poke_ = true;
  }
  cv_.notify_all();
}

std::shared_ptr<const RunsSnapshot> RunsWatcher::snapshot() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return snapshot_;
}

void RunsWatcher::main() {
  std::map<std::string, Follow> follows;
  std::string error;
  std::uint64_t errors = 0;
  std::unique_lock<std::mutex> lock(mutex_);
  while (!quit_) {
    cv_.wait_for(lock, std::chrono::duration<double>(interval_), [this] { return quit_ || poke_; });
    if (quit_) break;
    poke_ = false;
    std::vector<Command> commands = std::exchange(commands_, {});
    std::vector<std::string> ids = ids_;
    lock.unlock();
    RunLibrary library(dir_);
    for (const Command& c : commands) {
      try {
        if (c.kind == Command::Kind::Rename) library.rename(c.id, c.name);
        else library.remove(c.id);
      } catch (const std::exception& e) {
        error = e.what();
        ++errors;
      }
    }
    if (look(follows, ids, error, errors) && wake_) wake_();
    lock.lock();
  }
}

// Lists the library and follows the ticked runs; publishes a new snapshot when anything changed.
bool RunsWatcher::look(std::map<std::string, Follow>& follows, std::vector<std::string>& ids, std::string& error,
                       std::uint64_t& errors) {
  const std::shared_ptr<const RunsSnapshot> last = snapshot();
  auto next = std::make_shared<RunsSnapshot>();
  next->dir = dir_;
  try {
    next->runs = RunLibrary(dir_).list();
  } catch (const std::exception& e) {
    error = e.what();  // the folder itself cannot be read: shown as the tab's error
    ++errors;
  }
  bool changed = !same(next->runs, last->runs) || errors != last->command_errors;
  std::erase_if(follows, [&](const auto& kv) { return std::find(ids.begin(), ids.end(), kv.first) == ids.end(); });
  for (const std::string& id : ids) {
    const auto it = std::find_if(next->runs.begin(), next->runs.end(), [&](const RunSummary& r) { return r.id == id; });
    if (it == next->runs.end() || it->state == RunState::Damaged) continue;
    auto f = follows.find(id);
    if (f == follows.end()) f = follows.emplace(id, start_following(*it)).first;
    if (auto run = grown(f->second, *it)) {
      f->second.run = std::move(run);
      changed = true;
    }
    next->followed[id] = f->second.run;
  }
  changed = changed || next->followed.size() != last->followed.size();
  if (!changed) return false;
  next->command_error = error;
  next->command_errors = errors;
  next->version = last->version + 1;
  std::lock_guard<std::mutex> lock(mutex_);
  snapshot_ = std::move(next);
  version_.store(snapshot_->version, std::memory_order_release);
  return true;
}

}  // namespace nnfs::studio
