// TrainConfig: everything that decides a training run, separate from the run's state.
// Front ends fill it (flags, the studio's panel), call validate(), and pass it by value.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/optim/optimizer.h"

namespace nnfs {

struct TrainConfig {
  std::size_t epochs = 5;
  std::size_t batch = 128;
  OptimizerConfig optimizer = OptimizerConfig::defaults("adam");
  std::uint64_t seed = 1;
  int threads = 0;                  // 0: all cores
  double validation_split = 0.0;    // fraction of the training data held out each run

  void validate() const;            // throws nnfs::Error naming the bad setting
  nlohmann::json to_json() const;
};

}  // namespace nnfs
