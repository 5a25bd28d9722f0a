// nnfs train --target-acc A: stop as soon as the test accuracy reaches A, and say how long that
// took from the start of the process (data loading included) — the MNIST speedrun's clock.
//
// The test set is checked after every epoch (the epoch loop's own evaluation, no extra pass) and,
// in between, every `checks_per_epoch`-th of an epoch: an evaluation of all test samples on the
// model between two batches, in a workspace of its own, so the training itself (and the model
// file for a seed and thread count) is the same with or without the flag. Each extra check costs
// one forward pass over the test set (about a sixth of an epoch's forward passes for MNIST).
#pragma once

#include <atomic>
#include <optional>
#include <string>

#include "engine/train/epoch_loop.h"

namespace nnfs::cli {

constexpr std::size_t kTargetChecksPerEpoch = 4;  // a check every quarter epoch, and at its end

class TargetAccuracy {
 public:
  // `interrupt`: the Ctrl+C flag, passed on through stop() so either ends the run.
  TargetAccuracy(double target, const Model& model, const Dataset& test, const std::atomic<bool>* interrupt);

  // Adds the checks to the callbacks (between batches, and after each epoch's evaluation).
  void attach(TrainCallbacks& callbacks);
  const std::atomic<bool>* stop() const { return &stop_; }  // for run_training
  bool reached() const { return reached_.has_value(); }
  // "target accuracy 99.00% reached: 99.03% at epoch 2, batch 234 of 469, 8.412 s after the
  // process started (data loading included)", or that it was not reached and the best seen.
  std::string summary() const;

 private:
  struct Hit {
    double accuracy;
    std::size_t epoch, step, steps;
    double seconds;
  };
  void check(double accuracy, std::size_t epoch, std::size_t step, std::size_t steps);

  double target_;
  const Model& model_;
  const Dataset& test_;
  const std::atomic<bool>* interrupt_;
  std::atomic<bool> stop_{false};
  std::optional<Hit> reached_;
  double best_ = 0.0;
};

// Seconds since the process started (its static initialisation, before arguments are parsed).
double seconds_since_process_start();

}  // namespace nnfs::cli
