#include "engine/optim/adam.h"

#include <cmath>

namespace nnfs {

void Adam::update(std::span<float> w, std::span<const float> g, float lr) {
  const std::size_t n = w.size();
  ensure_size(m_, n);
  ensure_size(v_, n);
  const float b1 = config_.beta1, b2 = config_.beta2, eps = config_.epsilon;
  const double t = static_cast<double>(steps_ + 1);
  // Bias corrections c₁ = 1-β₁ᵗ, c₂ = 1-β₂ᵗ, once per step; m̂ = m/c₁ and v̂ = v/c₂ per element,
  // so ε is added to √v̂ (the book's and PyTorch's placement), not to the uncorrected √v.
  const float c1 = static_cast<float>(1.0 - std::pow(static_cast<double>(b1), t));
  const float c2 = static_cast<float>(1.0 - std::pow(static_cast<double>(b2), t));
  const float decay = config_.type == "adamw" ? lr * config_.weight_decay : 0.0f;
  float* m = m_.data();
  float* v = v_.data();
  for (std::size_t i = 0; i < n; ++i) {
    m[i] = b1 * m[i] + (1.0f - b1) * g[i];         // m ← β₁·m + (1-β₁)·g
    v[i] = b2 * v[i] + (1.0f - b2) * g[i] * g[i];  // v ← β₂·v + (1-β₂)·g²
    const float m_hat = m[i] / c1;
    const float v_hat = v[i] / c2;
    w[i] -= lr * m_hat / (std::sqrt(v_hat) + eps) + decay * w[i];
  }
}

}  // namespace nnfs
