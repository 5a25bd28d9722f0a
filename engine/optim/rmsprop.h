// RMSprop: like AdaGrad, but the cache is a moving average, so learning rates do not vanish.
//   c ← ρ·c + (1-ρ)·g²;   w ← w - lr·g / (√c + ε)
#pragma once

#include "engine/optim/optimizer.h"

namespace nnfs {

class RmsProp : public Optimizer {
 public:
  using Optimizer::Optimizer;
  std::vector<std::pair<std::string, std::vector<float>*>> state() override { return {{"cache", &cache_}}; }

 protected:
  void update(std::span<float> w, std::span<const float> g, float lr) override;

 private:
  std::vector<float> cache_;
};

}  // namespace nnfs
