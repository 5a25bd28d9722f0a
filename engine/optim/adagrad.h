// AdaGrad: per-parameter learning rates that shrink with the sum of past squared gradients.
//   c ← c + g²;   w ← w - lr·g / (√c + ε)
#pragma once

#include "engine/optim/optimizer.h"

namespace nnfs {

class AdaGrad : public Optimizer {
 public:
  using Optimizer::Optimizer;
  std::vector<std::pair<std::string, std::vector<float>*>> state() override { return {{"cache", &cache_}}; }

 protected:
  void update(std::span<float> w, std::span<const float> g, float lr) override;

 private:
  std::vector<float> cache_;
};

}  // namespace nnfs
