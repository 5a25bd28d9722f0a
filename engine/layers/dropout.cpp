#include "engine/layers/dropout.h"

#include "engine/core/error.h"

namespace nnfs {

Dropout::Dropout(float rate) : rate_(rate) {
  if (!(rate >= 0.0f && rate < 1.0f)) throw Error("dropout: rate must be in [0, 1), got " + std::to_string(rate));
}

void Dropout::forward(const Tensor& x, Tensor& y, const ForwardContext& ctx) {
  y.resize(x.shape());
  if (!ctx.training || rate_ == 0.0f) {
    for (std::size_t i = 0; i < x.size(); ++i) y[i] = x[i];
    return;
  }
  if (!fixed_mask_) {
    const float keep = 1.0f - rate_;
    mask_.resize(x.size());
    for (float& m : mask_) m = ctx.rng->bernoulli(keep) ? 1.0f / keep : 0.0f;
  }
  for (std::size_t i = 0; i < x.size(); ++i) y[i] = x[i] * mask_[i];
}

void Dropout::backward(const Tensor& x, const Tensor&, const Tensor& dy, Tensor& dx, bool need_dx) {
  if (!need_dx) return;
  dx.resize(x.shape());
  if (mask_.size() != x.size()) {  // backward after an inference pass: identity
    for (std::size_t i = 0; i < x.size(); ++i) dx[i] = dy[i];
    return;
  }
  for (std::size_t i = 0; i < x.size(); ++i) dx[i] = dy[i] * mask_[i];
}

}  // namespace nnfs
