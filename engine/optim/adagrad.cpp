#include "engine/optim/adagrad.h"

#include <cmath>

namespace nnfs {

void AdaGrad::update(std::span<float> w, std::span<const float> g, float lr) {
  const std::size_t n = w.size();
  ensure_size(cache_, n);
  const float eps = config_.epsilon;
  for (std::size_t i = 0; i < n; ++i) {
    cache_[i] += g[i] * g[i];                              // c ← c + g²
    w[i] -= lr * g[i] / (std::sqrt(cache_[i]) + eps);      // w ← w - lr·g/(√c + ε)
  }
}

}  // namespace nnfs
