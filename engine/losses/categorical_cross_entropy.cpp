#include "engine/losses/categorical_cross_entropy.h"

#include <algorithm>
#include <cmath>

namespace nnfs {

namespace {
float clip(float p) { return std::clamp(p, kProbClip, 1.0f - kProbClip); }
}  // namespace

double CategoricalCrossEntropy::forward(const Tensor& pred, const Targets& t) const {
  const std::size_t n = pred.rows(), k = pred.cols();
  double sum = 0.0;
  for (std::size_t r = 0; r < n; ++r) {
    const float* p = pred.data() + r * k;
    if (!t.values) {
      sum -= std::log(static_cast<double>(clip(p[t.labels[r]])));
      continue;
    }
    for (std::size_t j = 0; j < k; ++j) {
      const float y = t.at(r, j, k);
      if (y != 0.0f) sum -= y * std::log(static_cast<double>(clip(p[j])));
    }
  }
  return sum / static_cast<double>(n);
}

// ∂L/∂p̂ₙₖ = -yₙₖ / clip(p̂ₙₖ) / N   (zero where the clip is active: the loss is flat there)
void CategoricalCrossEntropy::backward(const Tensor& pred, const Targets& t, Tensor& dpred) const {
  const std::size_t n = pred.rows(), k = pred.cols();
  const float inv_n = 1.0f / static_cast<float>(n);
  dpred.resize(pred.shape());
  for (std::size_t r = 0; r < n; ++r) {
    for (std::size_t j = 0; j < k; ++j) {
      const float p = pred[r * k + j];
      const bool clipped = p < kProbClip || p > 1.0f - kProbClip;
      dpred[r * k + j] = clipped ? 0.0f : -t.at(r, j, k) / p * inv_n;
    }
  }
}

// dz = (p - y)/N and L = -(1/N) Σ y·ln clip(p), computed in the same pass over the batch.
double softmax_cross_entropy_backward(const Tensor& probs, const Targets& t, Tensor& dlogits) {
  const std::size_t n = probs.rows(), k = probs.cols();
  const float inv_n = 1.0f / static_cast<float>(n);
  dlogits.resize(probs.shape());
  double loss = 0.0;
  for (std::size_t r = 0; r < n; ++r) {
    const float* p = probs.data() + r * k;
    float* d = dlogits.data() + r * k;
    for (std::size_t j = 0; j < k; ++j) {
      const float y = t.at(r, j, k);
      d[j] = (p[j] - y) * inv_n;
      if (y != 0.0f) loss -= y * std::log(static_cast<double>(clip(p[j])));
    }
  }
  return loss / static_cast<double>(n);
}

}  // namespace nnfs
