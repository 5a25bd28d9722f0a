// Flatten: [N, d1, d2, ...] → [N, d1·d2·...], values unchanged (row-major order is kept),
// so a dense layer can follow the spatial layers.
//   y = x,  dx = dy  (only the shape differs)
#pragma once

#include "engine/layers/layer.h"

namespace nnfs {

class Flatten : public Layer {
 public:
  std::string type() const override { return "flatten"; }
  Shape build(const Shape& input, const std::string& prefix, ParamArena& arena) override;
  void forward(const Tensor& x, Tensor& y, const ForwardContext& ctx) const override;
  void backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor& dx,
                const BackwardContext& ctx) const override;
  nlohmann::json config() const override { return {{"type", "flatten"}}; }
};

}  // namespace nnfs
