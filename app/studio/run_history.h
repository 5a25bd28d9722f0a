// RunHistory: a recorded run's curves rebuilt from its history lines (engine/runs/history_line.h)
// as they arrive — the whole file at first, then what a HistoryFollower finds appended while
// `nnfs train` (or the studio) is still writing it. No ImGui and no files: the Runs watcher
// (runs_watcher.h) feeds it, the overlay plots read it.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "engine/runs/history_line.h"
#include "engine/train/training_history.h"

namespace nnfs::studio {

struct RunHistory {
  TrainingHistory history;              // batch losses and epochs, as a model file's history
  std::vector<std::size_t> change_steps;   // [changes] batches done when each change applied
  std::vector<std::string> change_labels;  // [changes] "lr 0.0005", "epochs 5", "augment on"
  std::vector<float> batch_seconds;     // [batches] the batch lines' t: seconds of training
  std::size_t steps_per_epoch = 0;      // from the batch lines (0: none seen yet)

  // Adds one line. A "resumed" state line drops what came after its global_step (the work the
  // interruption lost); batch lines must follow each other (a gap or repeat is skipped).
  void add(const HistoryLine& line);
  void clear() { *this = RunHistory{}; }
};

// "lr 0.0005, epochs 5, augment off" (what a change sets).
std::string describe_change(const RunChange& change);

}  // namespace nnfs::studio
