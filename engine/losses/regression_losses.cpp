#include "engine/losses/regression_losses.h"

#include <algorithm>
#include <cmath>

namespace nnfs {

namespace {

// Target for output j of sample r: dense values, or the sample's 0/1 label for one output.
float target(const Targets& t, std::size_t r, std::size_t j, std::size_t k) {
  if (t.values) return (*t.values)[r * k + j];
  return k == 1 ? static_cast<float>(t.labels[r]) : t.at(r, j, k);
}

// Mean of per-element terms: (1/NK) Σ term(ŷ, y).
template <typename Term>
double mean_over(const Tensor& pred, const Targets& t, Term term) {
  const std::size_t n = pred.rows(), k = pred.cols();
  double sum = 0.0;
  for (std::size_t r = 0; r < n; ++r)
    for (std::size_t j = 0; j < k; ++j) sum += term(pred[r * k + j], target(t, r, j, k));
  return sum / static_cast<double>(n * k);
}

// dpred = grad(ŷ, y) / NK, element by element.
template <typename Grad>
void gradient_over(const Tensor& pred, const Targets& t, Tensor& dpred, Grad grad) {
  const std::size_t n = pred.rows(), k = pred.cols();
  const float inv = 1.0f / static_cast<float>(n * k);
  dpred.resize(pred.shape());
  for (std::size_t r = 0; r < n; ++r)
    for (std::size_t j = 0; j < k; ++j) dpred[r * k + j] = grad(pred[r * k + j], target(t, r, j, k)) * inv;
}

float clip(float p) { return std::clamp(p, kProbClip, 1.0f - kProbClip); }

}  // namespace

double BinaryCrossEntropy::forward(const Tensor& pred, const Targets& t) const {
  return mean_over(pred, t, [](float p, float y) {
    const double q = clip(p);
    return -(y * std::log(q) + (1.0 - y) * std::log(1.0 - q));
  });
}

void BinaryCrossEntropy::backward(const Tensor& pred, const Targets& t, Tensor& dpred) const {
  gradient_over(pred, t, dpred, [](float p, float y) {
    const float q = clip(p);
    return -(y / q - (1.0f - y) / (1.0f - q));
  });
}

double MeanSquaredError::forward(const Tensor& pred, const Targets& t) const {
  return mean_over(pred, t, [](float p, float y) { return static_cast<double>(y - p) * (y - p); });
}

void MeanSquaredError::backward(const Tensor& pred, const Targets& t, Tensor& dpred) const {
  gradient_over(pred, t, dpred, [](float p, float y) { return -2.0f * (y - p); });
}

double MeanAbsoluteError::forward(const Tensor& pred, const Targets& t) const {
  return mean_over(pred, t, [](float p, float y) { return std::fabs(static_cast<double>(y - p)); });
}

void MeanAbsoluteError::backward(const Tensor& pred, const Targets& t, Tensor& dpred) const {
  gradient_over(pred, t, dpred, [](float p, float y) { return p > y ? 1.0f : (p < y ? -1.0f : 0.0f); });
}

}  // namespace nnfs
