// Comparing runs of the run library (engine/runs/): the Runs table's sort order, the settings
// that differ between ticked runs, and where a run's curves go on an overlay plot whose x axis is
// the epoch, the optimizer step or the wall-clock time. No ImGui: unit-tested in
// tests/app/studio/test_run_compare.cpp.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/runs/run_summary.h"
#include "engine/train/training_history.h"

namespace nnfs::studio {

enum class RunColumn { Name, Started, Data, Network, Optimizer, Epochs, BestAccuracy, Duration, State };

// Sorts by `column`; ties (and runs without a best accuracy, always last) keep the order of
// their start times, newest first, then ids.
// The rows are the library's summaries themselves.
void sort_runs(std::vector<RunSummary>& rows, RunColumn column, bool ascending);

// A setting whose value is not the same in every run: its dotted key ("optimizer.lr") and each
// run's value as text ("—" where a run does not have it).
struct SettingDiff {
  std::string key;
  std::vector<std::string> values;
};
// The keys of the given settings objects (nested objects flattened, arrays compared whole) whose
// values differ between the runs, in key order. Fewer than two runs: nothing differs.
std::vector<SettingDiff> differing_settings(std::span<const nlohmann::json> settings);

enum class OverlayX { Epoch, Step, Time };
const char* to_string(OverlayX x);  // "epoch", "step", "time (s)"

// Maps a run's position (optimizer steps done, fractional) to the overlay's x: the step itself;
// the epoch (epoch k ends at x = k, a batch inside it is in proportion); or the seconds of
// training — each batch's own time when `batch_seconds` has it (the history lines' "t"), else
// each epoch's seconds spread evenly over its batches. Batches after the last finished epoch (a
// run still training) continue at the last epoch's pace, or `steps_per_epoch` when no epoch has
// finished; in time, with neither batch times nor a finished epoch, there is no x (nullopt).
class OverlayAxis {
 public:
  OverlayAxis(const TrainingHistory& history, std::size_t steps_per_epoch, std::span<const float> batch_seconds = {});
  std::optional<double> x(double step, OverlayX mode) const;

 private:
  const TrainingHistory& h_;
  std::size_t steps_per_epoch_;
  std::span<const float> batch_seconds_;  // [batches] seconds of training at the end of each
  std::vector<double> end_seconds_;  // [epochs] training seconds at each epoch's end
};

// Batches per epoch of a run, from its settings.json (train_samples, config.batch and
// config.validation_split, split as the epoch loop splits); 0 when they are not there.
std::size_t steps_per_epoch(const nlohmann::json& settings);

// A run's curves on the overlay plots: the batch loss (smoothed, exponential moving average with
// `smoothing`), the loss and the accuracy (test when measured, else train; in %) of every epoch,
// and the x of each change made during the run.
struct OverlayCurves {
  std::vector<float> step_x, step_loss;
  std::vector<float> epoch_x, epoch_loss, epoch_acc;
  std::vector<float> change_x;
};
OverlayCurves overlay_curves(const TrainingHistory& history, std::size_t steps_per_epoch, OverlayX mode,
                             float smoothing, std::span<const std::size_t> change_steps,
                             std::span<const float> batch_seconds = {});

}  // namespace nnfs::studio
