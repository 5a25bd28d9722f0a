// BackgroundTrainer::Run: what the training thread keeps for one run. Private to
// background_trainer.cpp and background_trainer_thread.cpp; nothing in it is shared with other
// threads.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "engine/train/background_trainer.h"

namespace nnfs {

struct BackgroundTrainer::Run {
  using Clock = std::chrono::steady_clock;
  static double seconds_since(Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
  }

  TrainingJob job;
  std::size_t first_epoch = 1;           // the epoch the run (re)started in
  std::size_t epoch = 0, step = 0, steps = 0;  // run_training's position: epoch (1-based, counted
                                               // across runs), batches done in it, per epoch
  std::uint64_t global_step = 0;         // optimizer steps since start()
  std::uint64_t steps_before = 0;        // steps of the run before start() (its history's)
  bool has_test = false;
  BatchProgress next;                    // where the next batch is (from between_batches)
  RunRecorder* recorder = nullptr;       // job.recorder.get()
  std::atomic<bool> stop_now{false};     // run_training's stop flag: set only by between_batches,
                                         // which therefore knows which call is the last
  // Last good weights (and buffers). A batch's loss is computed from the weights it starts with, so once a
  // batch has passed the finite-loss check its starting weights are known good:
  //   pending   = weights the current (or just finished) batch started from
  //   last_good = weights the batch before it started from (verified by that batch's loss)
  std::vector<float> pending, last_good;
  bool has_pending = false, has_last_good = false;
  bool in_batch = false;                 // between between_batches and after_batch
  Clock::time_point begin, last_weights;
  double paused = 0.0, paused_at_epoch_start = 0.0;  // seconds spent paused
  double evaluating = 0.0;               // seconds spent in per-epoch evaluations
  std::size_t evaluations = 0;
  double epoch_loss_sum = 0.0;           // over this epoch's batches since (re)start
  std::size_t epoch_batches = 0;
  EpochResult epoch_result;              // the latest epoch's, published with its checkpoint
  std::shared_ptr<const EvaluationReport> report;  // this epoch's, published with the epoch
  TrainState end_state;                  // where run_training ended (not after a failure)

  // The training record for the model file with this history (training_record.h).
  nlohmann::json record(const Model& model, const TrainingHistory& history) const {
    return training_record(model, job.run, job.config, job.train->count, history);
  }
};

}  // namespace nnfs
