#include "engine/optim/sgd.h"

namespace nnfs {

void Sgd::update(std::span<float> w, std::span<const float> g, float lr) {
  const std::size_t n = w.size();
  const float mu = config_.momentum;
  if (mu == 0.0f) {
    for (std::size_t i = 0; i < n; ++i) w[i] -= lr * g[i];  // w ← w - lr·g
    return;
  }
  ensure_size(velocity_, n);
  float* v = velocity_.data();
  if (config_.nesterov) {
    for (std::size_t i = 0; i < n; ++i) {
      v[i] = mu * v[i] - lr * g[i];        // v ← μ·v - lr·g
      w[i] += mu * v[i] - lr * g[i];       // w ← w + μ·v - lr·g
    }
  } else {
    for (std::size_t i = 0; i < n; ++i) {
      v[i] = mu * v[i] - lr * g[i];        // v ← μ·v - lr·g
      w[i] += v[i];                        // w ← w + v
    }
  }
}

}  // namespace nnfs
