// BackgroundTrainer::Run: what the training thread keeps for one run. Private to the two
// background_*.cpp files; nothing in it is shared with other threads.
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
  std::size_t epoch_offset = 0;          // epochs completed before this run
  std::size_t epoch = 0, step = 0, steps = 0;  // run_training's position: epoch (1-based, this
                                               // run), batches done in it, batches per epoch
  std::uint64_t global_step = 0;
  bool has_test = false;
  Optimizer* optimizer = nullptr;        // run_training's; valid until it returns
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
  double epoch_loss_sum = 0.0;
  std::shared_ptr<const EvaluationReport> report;  // this epoch's, published with the epoch
};

}  // namespace nnfs
