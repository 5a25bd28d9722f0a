// Where a run being written is: shared by the CLI tests that kill or stop `nnfs train` in the
// middle of an epoch (run_program_until's condition).
#pragma once

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "engine/runs/run_info.h"

namespace nnfs::test {

// The history of the only run of the library `lib` being written: the last batch line's epoch and
// step ({0, 0} before the first).
inline std::pair<std::size_t, std::size_t> last_batch(const std::string& lib) {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(lib, ec)) {
    std::vector<HistoryLine> lines;
    std::vector<std::string> problems;
    read_history_file(entry.path().string() + "/history.jsonl", lines, problems);
    for (auto it = lines.rbegin(); it != lines.rend(); ++it)
      if (it->kind == HistoryLine::Kind::Batch) return {it->epoch, it->step};
  }
  return {0, 0};
}

}  // namespace nnfs::test
