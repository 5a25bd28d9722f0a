// Stochastic gradient descent, optionally with momentum (the book's form) or Nesterov momentum.
//   plain:    w ← w - lr·g
//   momentum: v ← μ·v - lr·g;   w ← w + v
//   nesterov: v ← μ·v - lr·g;   w ← w + μ·v - lr·g     (looks ahead along the new velocity)
#pragma once

#include "engine/optim/optimizer.h"

namespace nnfs {

class Sgd : public Optimizer {
 public:
  using Optimizer::Optimizer;
  std::vector<std::pair<std::string, std::vector<float>*>> state() override { return {{"velocity", &velocity_}}; }

 protected:
  void update(std::span<float> w, std::span<const float> g, float lr) override;

 private:
  std::vector<float> velocity_;
};

}  // namespace nnfs
