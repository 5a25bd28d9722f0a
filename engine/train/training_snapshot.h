// TrainingSnapshot: a consistent copy of a training run taken between two optimizer steps —
// weights, optimizer state and history — that can be saved while training goes on.
#pragma once

#include <cstddef>
#include <cstdint>

#include "engine/model/model.h"
#include "engine/optim/optimizer_state.h"
#include "engine/train/training_history.h"

namespace nnfs {

struct TrainingSnapshot {
  Model model;               // the weights; model.training holds the config and the history,
                             // ready for save_model()
  OptimizerState optimizer;  // empty when the optimizer has not been created (or was reset)
  TrainingHistory history;   // also stored in model.training
  std::size_t epochs_done = 0;     // completed epochs, counted across runs
  std::size_t step = 0;            // batches done in the epoch under way (0: at an epoch boundary)
  std::uint64_t global_step = 0;   // optimizer steps taken in the run
};

// A deep copy: same architecture, weights, loss, class names, scaling and (unless told not to:
// weights snapshots for prediction skip it) the training record.
Model clone_model(const Model& model, bool with_training_record = true);

}  // namespace nnfs
