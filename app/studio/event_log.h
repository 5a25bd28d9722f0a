// EventLog: what the app did, as JSON lines, for tests and scripts (--events FILE).
//
// One object per line, each with an "event" key; the file is flushed after every line so a test
// can follow it while the app runs. Written from the UI thread only. Without --events it is a
// no-op.
#pragma once

#include <cstdio>
#include <string>

#include <nlohmann/json.hpp>

namespace nnfs::studio {

class EventLog {
 public:
  EventLog() = default;
  ~EventLog();
  EventLog(const EventLog&) = delete;
  EventLog& operator=(const EventLog&) = delete;

  // Opens (appends to) `path`; throws nnfs::Error when it cannot be opened.
  void open(const std::string& path);
  bool enabled() const { return file_ != nullptr; }

  // Writes {"event": name, ...fields}.
  void emit(const char* name, nlohmann::json fields = nlohmann::json::object());

 private:
  std::FILE* file_ = nullptr;
};

}  // namespace nnfs::studio
