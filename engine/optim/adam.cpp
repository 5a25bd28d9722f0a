#include "engine/optim/adam.h"

#include <cmath>

#include "engine/kernels/adam_step.h"

namespace nnfs {

void Adam::update(std::span<float> w, std::span<const float> g, float lr) {
  const std::size_t n = w.size();
  ensure_size(m_, n);
  ensure_size(v_, n);
  const float b1 = config_.beta1, b2 = config_.beta2, eps = config_.epsilon;
  const double t = static_cast<double>(steps_ + 1);
  // Bias corrections c₁ = 1-β₁ᵗ, c₂ = 1-β₂ᵗ, once per step (adam.h); m̂ = m·(1/c₁) and
  // v̂ = v·(1/c₂) per element, so ε is added to √v̂ (the book's and PyTorch's placement), not to
  // the uncorrected √v.
  const float c1 = static_cast<float>(1.0 - std::pow(static_cast<double>(b1), t));
  const float c2 = static_cast<float>(1.0 - std::pow(static_cast<double>(b2), t));
  const float decay = config_.type == OptimizerType::AdamW ? lr * config_.weight_decay : 0.0f;
  adam_step(w.data(), g.data(), m_.data(), v_.data(), n, {b1, b2, eps, lr, 1.0f / c1, 1.0f / c2, decay});
}

}  // namespace nnfs
