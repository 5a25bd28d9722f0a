// Adam (and AdamW), with bias correction; t counts steps from 1. This is Adam's one home: the
// rule, its coefficients (computed in update, adam.cpp) and where the loop is.
//   m ← β₁·m + (1-β₁)·g            v ← β₂·v + (1-β₂)·g²
//   m̂ = m / (1-β₁ᵗ)                v̂ = v / (1-β₂ᵗ)
//   w ← w - lr·m̂ / (√v̂ + ε)
// AdamW adds decoupled weight decay, applied to the weights directly rather than through g:
//   w ← w - lr·λ·w
//
// Coefficients, once per step: c₁ = 1-β₁ᵗ and c₂ = 1-β₂ᵗ in double, rounded to float, passed as
// reciprocals r₁ = 1/c₁, r₂ = 1/c₂; decay d = lr·λ (AdamW) or 0 (Adam). The loop over the whole
// arena is the kernel adam_step (engine/kernels/adam_step.h), which computes per element, in
// float and in this order:
//   m ← β₁·m + (1-β₁)·g;  v ← β₂·v + (1-β₂)·g·g;  w ← w - (lr·(m·r₁) / (√(v·r₂) + ε) + d·w)
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
