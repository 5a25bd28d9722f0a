// RunsWatcher: the Runs tab's eyes on the run library (engine/runs/), on a thread of its own so
// the UI never waits for a file. About once a second (and at once after a command) it lists the
// library — summaries only — and follows the history of every run the tab has ticked (a
// HistoryFollower each: only the lines appended since the last look are read), then publishes an
// immutable RunsSnapshot and wakes the UI. Renaming and removing runs are commands it carries out
// in the same loop, so the library has one reader-writer in the studio.
//
// Threads: everything public may be called from any thread; snapshot() is a pointer copy under a
// mutex. The destructor stops and joins the thread.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/studio/run_history.h"
#include "engine/runs/run_summary.h"

namespace nnfs::studio {

// A ticked run: its settings and its curves so far.
struct FollowedRun {
  RunSummary summary;
  nlohmann::json settings = nlohmann::json::object();
  RunHistory curves;
  std::string problem;          // the settings or history could not be read (one line)
};

struct RunsSnapshot {
  std::string dir;              // the library
  std::vector<RunSummary> runs; // newest first, damaged ones included
  std::map<std::string, std::shared_ptr<const FollowedRun>> followed;  // by id
  std::string command_error;    // the last rename or remove that failed
  std::uint64_t command_errors = 0;  // how many failed (a new one: this grows)
  std::uint64_t version = 0;
};

class RunsWatcher {
 public:
  RunsWatcher(std::string dir, std::function<void()> wake, double interval_seconds = 1.0);
  ~RunsWatcher();
  RunsWatcher(const RunsWatcher&) = delete;
  RunsWatcher& operator=(const RunsWatcher&) = delete;

  const std::string& dir() const { return dir_; }
  void follow(std::vector<std::string> ids);  // the ticked runs (replaces the set)
  void rename(const std::string& id, const std::string& name);
  void remove(const std::string& id);
  void refresh();                             // look again now
  std::shared_ptr<const RunsSnapshot> snapshot() const;
  std::uint64_t version() const { return version_.load(std::memory_order_acquire); }

  struct Follow;  // a followed run's follower and what it has read (the watcher thread's)

 private:
  struct Command {
    enum class Kind { Rename, Remove } kind;
    std::string id, name;
  };
  void main();
  bool look(std::map<std::string, Follow>& follows, std::vector<std::string>& ids, std::string& error,
            std::uint64_t& errors);

  const std::string dir_;
  const std::function<void()> wake_;
  const double interval_;
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  bool quit_ = false, poke_ = true;           // (m)
  std::vector<std::string> ids_;              // (m) runs to follow
  std::vector<Command> commands_;             // (m)
  std::shared_ptr<const RunsSnapshot> snapshot_;  // (m)
  std::atomic<std::uint64_t> version_{0};
  std::thread thread_;
};

}  // namespace nnfs::studio
