// TrainingHistory: the record of how a model learned — one entry per epoch (train and test loss
// and accuracy) and the data loss of every optimizer step — kept across "continue training" runs
// and stored in the model file's training record (Model::training, see docs/MODEL_FORMAT.md):
//
//   "history":    [{"epoch": 1, "train_loss": 0.41, "train_acc": 0.88, "test_loss": 0.22,
//                   "test_acc": 0.93, "regularization_loss": 0, "lr": 0.001, "batch_end": 469}, ...]
//   "batch_loss": [2.3026, 2.1173, ...]      one value per optimizer step, all runs in order
//
// "history" has the keys of `nnfs train --log-json` except the wall-clock "seconds" (so that the
// same run writes the same file), at full precision; "batch_end" is how many batch_loss values
// precede the end of that epoch (where a plot draws the epoch boundary). Every key is optional
// when reading.
#pragma once

#include <cstddef>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/train/progress.h"

namespace nnfs {

struct TrainingHistory {
  std::vector<EpochResult> epochs;        // epoch numbers count on across runs: 1, 2, 3, ...
  std::vector<std::size_t> epoch_batch_end;  // [epochs.size()] batch_loss.size() at each epoch end
  std::vector<float> batch_loss;          // [optimizer steps] data loss of each batch

  bool empty() const { return epochs.empty() && batch_loss.empty(); }
  std::size_t epochs_done() const { return epochs.empty() ? 0 : epochs.back().epoch; }
  void add_batch(float loss) { batch_loss.push_back(loss); }
  void add_epoch(const EpochResult& r);   // marks the epoch boundary at batch_loss.size()

  // Writes "history" and "batch_loss" into a training record, keeping its other keys.
  void store(nlohmann::json& training) const;
  // Reads them back from a training record. The record comes from a file, so this never throws:
  // malformed entries are skipped (a model stays usable when its history is damaged).
  static TrainingHistory load(const nlohmann::json& training);
};

}  // namespace nnfs
