#include "engine/layers/dropout.h"

#include "engine/core/error.h"

namespace nnfs {

Dropout::Dropout(float rate) : rate_(rate) {
  if (!(rate >= 0.0f && rate < 1.0f)) throw Error("dropout: rate must be in [0, 1), got " + std::to_string(rate));
}

Shape Dropout::build(const Shape& input, const std::string&, ParamArena&) {
  features_ = shape_size(input);
  return input;
}

std::unique_ptr<LayerScratch> Dropout::make_scratch(std::size_t batch) const {
  auto scratch = std::make_unique<DropoutScratch>();
  scratch->mask.reserve(batch * features_);
  return scratch;
}

void Dropout::forward(const Tensor& x, Tensor& y, const ForwardContext& ctx) const {
  auto& s = static_cast<DropoutScratch&>(*ctx.scratch);
  y.resize(x.shape());
  s.masked = ctx.training && rate_ != 0.0f;
  if (!s.masked) {
    for (std::size_t i = 0; i < x.size(); ++i) y[i] = x[i];
    return;
  }
  if (!s.fixed) {
    const float keep = 1.0f - rate_;
    s.mask.resize(x.size());
    for (float& m : s.mask) m = ctx.rng->bernoulli(keep) ? 1.0f / keep : 0.0f;
  }
  for (std::size_t i = 0; i < x.size(); ++i) y[i] = x[i] * s.mask[i];
}

void Dropout::backward(const Tensor& x, const Tensor&, const Tensor& dy, Tensor& dx,
                       const BackwardContext& ctx) const {
  if (!ctx.need_dx) return;
  const auto& s = static_cast<const DropoutScratch&>(*ctx.scratch);
  dx.resize(x.shape());
  if (!s.masked) {  // after an inference pass: the identity
    for (std::size_t i = 0; i < x.size(); ++i) dx[i] = dy[i];
    return;
  }
  for (std::size_t i = 0; i < x.size(); ++i) dx[i] = dy[i] * s.mask[i];
}

}  // namespace nnfs
