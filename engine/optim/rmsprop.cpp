#include "engine/optim/rmsprop.h"

#include <cmath>

namespace nnfs {

void RmsProp::update(std::span<float> w, std::span<const float> g, float lr) {
  const std::size_t n = w.size();
  ensure_size(cache_, n);
  const float rho = config_.rho, eps = config_.epsilon;
  for (std::size_t i = 0; i < n; ++i) {
    cache_[i] = rho * cache_[i] + (1.0f - rho) * g[i] * g[i];  // c ← ρ·c + (1-ρ)·g²
    w[i] -= lr * g[i] / (std::sqrt(cache_[i]) + eps);          // w ← w - lr·g/(√c + ε)
  }
}

}  // namespace nnfs
