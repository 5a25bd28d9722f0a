// HistoryFollower: reads a history.jsonl that another process may be appending to, a little at a
// time: each poll() returns only the complete lines added since the last one. It keeps a byte
// offset, never blocks (the file is opened non-blocking and must be a regular file), and leaves a
// partial last line for the next poll. When the file is replaced (another inode) or shorter than
// the offset, it starts again from the beginning and restarted() says so (the caller drops what
// it had). Never throws; a line that does not parse is skipped and named in problems().
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/runs/history_line.h"

namespace nnfs {

class HistoryFollower {
 public:
  explicit HistoryFollower(std::string path);

  std::vector<HistoryLine> poll();
  bool restarted() const { return restarted_; }  // the last poll started over
  const std::vector<std::string>& problems() const { return problems_; }
  const std::string& path() const { return path_; }

  // At most this many bytes are read per poll (a long history arrives over several polls).
  static constexpr std::size_t kMaxBytesPerPoll = std::size_t{4} << 20;
  static constexpr std::size_t kMaxProblems = 100;  // problems() keeps the latest ones

 private:
  std::string path_;
  std::uint64_t offset_ = 0;      // bytes consumed (up to the end of the last complete line)
  std::uint64_t line_number_ = 0; // complete lines consumed
  std::uint64_t dev_ = 0, ino_ = 0;
  bool restarted_ = false;
  std::vector<std::string> problems_;
};

}  // namespace nnfs
