#include "engine/runs/run_library.h"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>

#include "engine/core/error.h"
#include "engine/runs/json_fields.h"
#include "engine/runs/run_check.h"
#include "engine/runs/run_format.h"
#include "engine/runs/run_lock.h"
#include "engine/util/atomic_file.h"
#include "engine/util/input_file.h"

namespace nnfs {

namespace {

using json = nlohmann::json;

constexpr std::size_t kMaxNameBytes = 100;

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

// The entries of the library folder that may be runs (hidden ones are runs being created).
std::vector<std::string> entries(const std::string& dir) {
  struct stat st {};
  if (::lstat(dir.c_str(), &st) != 0) {
    if (errno == ENOENT) return {};
    throw Error(dir + ": cannot read the run library: " + std::strerror(errno));
  }
  require_directory(dir);
  std::unique_ptr<DIR, int (*)(DIR*)> d(::opendir(dir.c_str()), ::closedir);
  if (!d) throw Error(dir + ": cannot read the run library: " + std::strerror(errno));
  std::vector<std::string> names;
  while (const dirent* e = ::readdir(d.get()))
    if (e->d_name[0] != '.') names.emplace_back(e->d_name);
  return names;
}

}  // namespace

RunLibrary::RunLibrary(std::string dir) : dir_(std::move(dir)) {
  while (dir_.size() > 1 && dir_.back() == '/') dir_.pop_back();
}

std::string RunLibrary::default_dir() {
  if (const std::string d = env("NNFS_RUNS_DIR"); !d.empty()) return d;
  if (const std::string d = env("XDG_DATA_HOME"); !d.empty() && d.front() == '/') return d + "/nnfs/runs";
  const std::string home = env("HOME");
  if (home.empty()) throw Error("cannot place the run library: neither NNFS_RUNS_DIR, XDG_DATA_HOME nor HOME is set");
  return home + "/.local/share/nnfs/runs";
}

std::string RunLibrary::run_dir(const std::string& id) const { return runs::join(dir_, id.c_str()); }

std::vector<RunSummary> RunLibrary::list() const {
  std::vector<RunSummary> out;
  for (const std::string& id : entries(dir_)) out.push_back(runs::inspect_run(dir_, id));
  std::sort(out.begin(), out.end(), [](const RunSummary& a, const RunSummary& b) {
    return a.started != b.started ? a.started > b.started : a.id > b.id;
  });
  return out;
}

RunSummary RunLibrary::find(const std::string& id_or_name) const {
  const std::vector<RunSummary> runs = list();
  for (const RunSummary& s : runs)
    if (s.id == id_or_name) return s;
  std::vector<const RunSummary*> named;
  for (const RunSummary& s : runs)
    if (s.name == id_or_name) named.push_back(&s);
  if (named.size() == 1) return *named.front();
  if (named.empty())
    throw Error("no run '" + printable(id_or_name) + "' in " + dir_ + " (nnfs runs list shows the runs)");
  std::string ids;
  for (const RunSummary* s : named) ids += (ids.empty() ? "" : ", ") + s->id;
  throw Error("run name '" + printable(id_or_name) + "' is ambiguous: runs " + ids + " have it; give an id");
}

RunInfo RunLibrary::load(const std::string& id_or_name) const {
  RunInfo info;
  info.summary = find(id_or_name);
  const RunSummary& s = info.summary;
  if (s.state == RunState::Damaged) info.problems.push_back(s.message);
  struct stat st {};
  if (::lstat(s.dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) return info;
  try {
    const std::string path = runs::join(s.dir, runs::kSettingsFile);
    info.settings = runs::read_json_file(path);
  } catch (const Error& e) {
    info.problems.push_back(runs::relative_message(dir_, e.what()));
  }
  std::vector<std::string> problems;
  read_history_file(runs::join(s.dir, runs::kHistoryFile), info.history, problems);
  // A run being written may end in a line still on its way: not a problem while it is live.
  if (is_live(s.state) && !problems.empty() && problems.back().find("torn last line") != std::string::npos)
    problems.pop_back();
  for (const std::string& p : problems) info.problems.push_back(runs::relative_message(dir_, p));
  // Keep each reason once (the summary check and the readers may find the same one).
  std::vector<std::string> unique;
  for (const std::string& p : info.problems)
    if (std::find(unique.begin(), unique.end(), p) == unique.end()) unique.push_back(p);
  info.problems = std::move(unique);
  if (!info.problems.empty()) {
    info.summary.state = RunState::Damaged;
    info.summary.message = info.problems.front();
  }
  return info;
}

void check_run_name(const std::string& name) {
  if (name.empty()) throw Error("a run name must not be empty");
  if (name.size() > kMaxNameBytes)
    throw Error("run name is " + std::to_string(name.size()) + " bytes, longer than " + std::to_string(kMaxNameBytes));
  for (const char c : name)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f || c == '/')
      throw Error("run name '" + printable(name) + "' has a control character or '/'");
}

void RunLibrary::rename(const std::string& id_or_name, const std::string& new_name) const {
  check_run_name(new_name);
  const RunSummary s = find(id_or_name);
  for (const RunSummary& other : list())
    if (other.id != s.id && other.name == new_name)
      throw Error("run name '" + printable(new_name) + "' is already used by run " + other.id);
  const std::string path = runs::join(s.dir, runs::kSummaryFile);
  json j;
  try {
    j = runs::read_json_file(path);
    RunSummary::from_json(j, path);
  } catch (const Error& e) {
    throw Error("cannot rename run " + s.id + ": " + runs::relative_message(dir_, e.what()));
  }
  j["name"] = new_name;
  runs::write_json_atomically(path, j);
}

void RunLibrary::remove(const std::string& id_or_name) const {
  const RunSummary s = find(id_or_name);
  struct stat st {};
  if (::lstat(s.dir.c_str(), &st) == 0 && S_ISDIR(st.st_mode) && runs::lock_is_held(s.dir))
    throw Error("run '" + s.name + "' (" + s.id + ") is being written by a running process; stop it first");
  std::error_code ec;
  std::filesystem::remove_all(s.dir, ec);
  if (ec) throw Error(s.dir + ": cannot remove: " + ec.message());
}

}  // namespace nnfs
