// The epoch loop: mini-batch gradient descent over a dataset, epoch by epoch — the one training
// loop of the project. `nnfs train` runs it on the main thread, the studio's BackgroundTrainer on
// a thread of its own; both stop it between batches and continue it from a TrainState.
//
//   for each epoch:   shuffle (seeded)
//     for each batch: x = gather(batch)           uint8 → float, scaled, in one pass
//                     ŷ = model(x)                forward, keeping activations
//                     dL/dŷ (or dL/dz fused)      loss gradient
//                     backward                    parameter gradients into the arena
//                     optimizer.step              one loop over the arena
//     evaluate on the test/validation set
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <optional>

#include "engine/core/rng.h"
#include "engine/data/dataset.h"
#include "engine/model/model.h"
#include "engine/optim/optimizer.h"
#include "engine/optim/optimizer_state.h"
#include "engine/train/evaluate.h"
#include "engine/train/extra_data.h"
#include "engine/train/progress.h"
#include "engine/train/run_change.h"
#include "engine/train/train_config.h"
#include "engine/train/training_history.h"

namespace nnfs {

// Where a run is, exactly enough to continue it later bit for bit (same seed and thread count;
// checkpoints, engine/train/checkpoint.h). Taken between two batches; the weights are not in it.
struct TrainState {
  std::size_t epoch = 1;            // the epoch under way, 1-based (config.epochs + 1: all done)
  std::size_t step = 0;             // batches of that epoch already done
  Rng::State shuffle_rng{};         // the shuffling generator before that epoch's shuffle
  Rng::State layer_rng{};           // the dropout generator now
  OptimizerState optimizer;         // step count and momenta/caches (empty: a fresh optimizer)
  double loss_sum = 0.0;            // Σ batch loss · batch size over the epoch's done batches
  std::size_t correct = 0, judged = 0;  // accuracy counts over the same batches
  TrainingHistory history;          // the finished epochs and the loss of every batch so far
};

// The state before the first batch of a run with `config`: generators seeded from config.seed.
TrainState initial_train_state(const TrainConfig& config);

// Copies the state of the run at this moment; valid only during the between_batches call.
using CaptureState = std::function<TrainState()>;

struct TrainCallbacks {
  std::function<void(const BatchProgress&)> on_batch;  // after every optimizer step
  std::function<void(const EpochResult&)> on_epoch;    // after each epoch's evaluation
  // Before every batch, on the training thread, before the stop flag is read: the model and the
  // optimizer sit between two steps, so a front end may block here (pause) or save the run
  // (`capture()` + the model's weights). `next.step` is the number of batches already done.
  std::function<void(const BatchProgress& next, const CaptureState& capture)> between_batches;
  // Replaces evaluate() for the per-epoch test evaluation (e.g. to also keep the mistakes).
  std::function<Evaluation(Model&, const Dataset&)> evaluator;
  // After each epoch's on_epoch: the state to continue from at the next epoch (checkpoints).
  std::function<void(const TrainState&)> on_checkpoint;
  // Before every batch (after between_batches), on the training thread: a change of settings to
  // apply from this batch on (the studio's steering), or nullopt. The loop applies it to its own
  // copy of the config (apply_change, run_change.h): lr → the optimizer's base rate, epochs → the
  // loop's end and the schedule's total, augment → the batches from this one, schedule. An
  // invalid change throws nnfs::Error out of run_training (check it with apply_change first).
  std::function<std::optional<RunChange>()> take_change;
  // After a change was applied; `at` is where (epoch, batches done). Recorders log it here.
  std::function<void(const RunChange&, const BatchProgress& at)> on_change;
};

struct TrainResult {
  std::vector<EpochResult> epochs;  // every finished epoch (= state.history.epochs)
  TrainConfig config;               // the config at the end, with every change applied
  bool stopped = false;             // the stop flag ended training early
  TrainState state;                 // where training ended: pass it as `resume` to continue
};

// Trains `model` in place. `test` (may be null) is evaluated after every epoch; with
// config.validation_split > 0 a held-out part of `train` is used instead.
// Throws nnfs::Error for incompatible data and when the loss becomes NaN or infinite.
// `resume` (from a TrainResult or a checkpoint of the same config and data) continues that run:
// the model must hold the weights it had then; the result then equals the uninterrupted run's.
// A resume state at an epoch boundary may also come from a shorter run: config.epochs then
// extends it (the optimizer state is dropped when its type differs from config.optimizer's).
// `extra` (may be null): samples mixed into every batch and their hold-out (extra_data.h).
// The stop flag is read before every batch, so the batch in flight always completes.
TrainResult run_training(Model& model, const Dataset& train, const Dataset* test,
                         const TrainConfig& config, const TrainCallbacks& callbacks = {},
                         const std::atomic<bool>* stop = nullptr,
                         const TrainState* resume = nullptr,
                         const ExtraData* extra = nullptr);

}  // namespace nnfs
