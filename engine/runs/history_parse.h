// Splitting history.jsonl bytes into lines, shared by the whole-file reader (RunInfo) and the
// follower that reads a growing file a piece at a time.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/runs/history_line.h"

namespace nnfs::runs {

// Where `bytes` sit in the file, for messages "PATH: line N (byte B): ...".
struct HistoryPosition {
  std::string path;
  std::uint64_t line = 0;    // complete lines before `bytes`
  std::uint64_t offset = 0;  // their bytes
};

// Parses the complete lines of `bytes` (those ending in '\n') into `out`; a line that does not
// parse is skipped and named in `problems`. Returns the bytes consumed (through the last '\n')
// and advances `at` past them.
std::size_t parse_history_lines(std::string_view bytes, HistoryPosition& at, std::vector<HistoryLine>& out,
                                std::vector<std::string>& problems);

// Drops the lines a resumed session superseded: before a state line with "resumed": true at
// global step G, the batches and epochs past G and the changes at or past G (work lost with the
// process that wrote them).
void drop_lost_work(std::vector<HistoryLine>& lines);

}  // namespace nnfs::runs
