// The text and JSON that `nnfs runs` prints: the library as a table, one run in detail, and runs
// side by side with the settings that differ.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/runs/run_info.h"
#include "engine/runs/run_summary.h"

namespace nnfs::cli {

// A run in `runs list --json`: its summary's keys, with "epochs" (the epochs done) and "dir".
nlohmann::json summary_json(const RunSummary& s);
std::string format_run_table(const std::vector<RunSummary>& runs);

nlohmann::json run_json(const RunInfo& run);
std::string format_run(const RunInfo& run);

// settings.json flattened to "config.optimizer.lr" → "0.001" (numbers as %g; the run's id, format
// and front-end keys left out): what `runs compare` compares.
std::map<std::string, std::string> flat_settings(const nlohmann::json& settings);

nlohmann::json compare_json(const std::vector<RunInfo>& runs);
std::string format_compare(const std::vector<RunInfo>& runs);

}  // namespace nnfs::cli
