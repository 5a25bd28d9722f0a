// RunInfo: everything a run directory holds except its weights — summary, settings and the full
// history — as read by `nnfs runs show/compare` and the studio's Runs tab. Reading never throws
// for a damaged run: what can be read is returned and each problem is one line in `problems`
// ("history.jsonl: line 7 (byte 812): not valid JSON ..."), the first also in summary.message.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/runs/history_line.h"
#include "engine/runs/run_summary.h"

namespace nnfs {

struct RunInfo {
  RunSummary summary;
  nlohmann::json settings = nlohmann::json::object();  // settings.json (empty when unreadable)
  std::vector<HistoryLine> history;   // the complete lines, lost work of resumed sessions dropped
  std::vector<std::string> problems;  // one line each; empty for a healthy run

  std::vector<HistoryLine> lines(HistoryLine::Kind kind) const;  // e.g. every epoch line
};

// Reads a history file: complete, valid lines in `out`; each problem as one line in `problems`
// (a torn last line is ignored and reported; a bad line in the middle is skipped and reported).
// Lines of a resumed session's lost work are dropped.
void read_history_file(const std::string& path, std::vector<HistoryLine>& out,
                       std::vector<std::string>& problems);

}  // namespace nnfs
