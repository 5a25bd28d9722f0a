// Adam (and AdamW), with bias correction; t counts steps from 1.
//   m ← β₁·m + (1-β₁)·g            v ← β₂·v + (1-β₂)·g²
//   m̂ = m / (1-β₁ᵗ)                v̂ = v / (1-β₂ᵗ)
//   w ← w - lr·m̂ / (√v̂ + ε)
// AdamW adds decoupled weight decay, applied to the weights directly rather than through g:
//   w ← w - lr·λ·w
#pragma once

#include "engine/optim/optimizer.h"

namespace nnfs {

class Adam : public Optimizer {
 public:
  using Optimizer::Optimizer;
  std::vector<std::pair<std::string, std::vector<float>*>> state() override {
    return {{"m", &m_}, {"v", &v_}};
  }

 protected:
  void update(std::span<float> w, std::span<const float> g, float lr) override;

 private:
  std::vector<float> m_, v_;
};

}  // namespace nnfs
