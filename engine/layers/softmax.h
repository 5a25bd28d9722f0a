// Softmax over the last dimension: y_i = e^(x_i - max x) / Σ_j e^(x_j - max x).
//
// Its standalone backward is the full Jacobian-vector product
//   dx_i = Σ_j dy_j · ∂y_j/∂x_i = y_i · (dy_i - Σ_j dy_j·y_j).
// When the model ends in Softmax and the loss is categorical cross-entropy, training skips this
// backward and uses the fused gradient dlogits = (y - onehot)/N instead (losses/).
#pragma once

#include "engine/layers/layer.h"

namespace nnfs {

class Softmax : public Layer {
 public:
  std::string type() const override { return "softmax"; }
  Shape build(const Shape& input, const std::string&, ParamArena&) override { return input; }
  void forward(const Tensor& x, Tensor& y, const ForwardContext& ctx) const override;
  void backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor& dx,
                const BackwardContext& ctx) const override;
  nlohmann::json config() const override { return {{"type", "softmax"}}; }
};

// Row-wise softmax of x[N,K] into y[N,K] (y may alias x).
void softmax_rows(const float* x, float* y, std::size_t rows, std::size_t cols);

}  // namespace nnfs
