// TrainConfig: everything that decides a training run, separate from the run's state.
// Front ends fill it (flags, the studio's panel), call validate(), and pass it by value.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/data/augment.h"
#include "engine/optim/lr_schedule.h"
#include "engine/optim/optimizer.h"

namespace nnfs {

// The limits of a run, one set for every front end and for checkpoints: validate() checks them,
// the CLI's flags use them, and load_checkpoint refuses anything beyond them, so every
// checkpoint a run writes can be resumed. kMaxThreads is also the thread pool's own cap.
inline constexpr std::size_t kMaxEpochs = 1'000'000;
inline constexpr std::size_t kMaxBatch = std::size_t{1} << 24;
inline constexpr int kMaxThreads = 256;

struct TrainConfig {
  std::size_t epochs = 5;
  std::size_t batch = 128;
  OptimizerConfig optimizer = OptimizerConfig::defaults("adam");
  std::uint64_t seed = 1;
  int threads = 0;                  // 0: all cores; at most kMaxThreads
  double validation_split = 0.0;    // fraction of the training data held out each run
  LrSchedule schedule;              // learning rate over the run, a factor of optimizer.lr
  std::optional<AugmentConfig> augment;  // random affine per training image; none: off
  // With augment: the last clean_epochs epochs train on the images as they are (epoch e is
  // augmented when e + clean_epochs <= epochs): the network ends on the distribution it is
  // tested on (the speedrun's recipe, model.h). 0: every epoch augmented.
  std::size_t clean_epochs = 0;
  bool augments(std::size_t epoch) const { return augment.has_value() && epoch + clean_epochs <= epochs; }

  void validate() const;            // throws nnfs::Error naming the bad setting
  nlohmann::json to_json() const;
};

// The settings a network trains well with unless the user chooses otherwise. Convolutional
// networks (any conv2d layer) get augmentation, a one-cycle schedule and Adam at 4e-3 (the cnn
// preset reaches 98.7% in 5 epochs with them, 98.0% with the plain defaults); other networks
// keep TrainConfig's defaults (no augmentation, constant rate, Adam 1e-3).
struct TrainRecipe {
  bool augment = false;
  LrSchedule schedule;
  float adam_lr = 1e-3f;
};
TrainRecipe recipe_for(const nlohmann::json& architecture);

}  // namespace nnfs
