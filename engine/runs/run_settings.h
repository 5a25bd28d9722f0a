// What a new run writes about itself: settings.json and its first summary, and the summary's
// updates as epochs finish (docs/RUNS.md).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/runs/run_recorder.h"
#include "engine/runs/run_summary.h"

namespace nnfs::runs {

// {"format", "id", "config" (TrainConfig with threads), "data", "preset", "network",
//  "train_samples", "info"}
nlohmann::json settings_json(const std::string& id, const NewRun& run);
RunSummary new_summary(const std::string& id, const NewRun& run);
// "adam lr 0.001", "sgd lr 0.1 momentum 0.9"
std::string describe_optimizer(const OptimizerConfig& c);
// The summary's epoch counts and accuracies from a run's finished epochs.
void set_epochs(RunSummary& s, const std::vector<EpochResult>& epochs, std::size_t total);
void add_epoch(RunSummary& s, const EpochResult& r);

}  // namespace nnfs::runs
