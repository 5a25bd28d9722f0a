// Conv2D: a 2-D convolution over NCHW images, computed as im2col + GEMM per sample.
//
//   y[n, co, oy, ox] = b[co] + Σ_{c,ky,kx} W[co, c, ky, kx] · x[n, c, oy·S - P + ky, ox·S - P + kx]
//
// Input per sample [C, H, W] (or [H, W] as one channel), output [CO, HO, WO] with
// HO = (H + 2P - KH) / S + 1 and WO likewise. Weights [CO, C, KH, KW] (PyTorch's layout), bias [CO].
#pragma once

#include <vector>

#include "engine/kernels/im2col.h"
#include "engine/layers/dense.h"  // Init
#include "engine/layers/layer.h"

namespace nnfs {

struct Conv2DOptions {
  std::size_t filters = 0;              // CO
  std::size_t kernel_h = 3, kernel_w = 3;
  std::size_t stride = 1;               // S, both directions
  std::size_t padding = 0;              // P zeros on every side
  bool bias = true;
  Init init = Init::He;
};

class Conv2D : public Layer {
 public:
  explicit Conv2D(Conv2DOptions options);

  std::string type() const override { return "conv2d"; }
  Shape build(const Shape& input, const std::string& prefix, ParamArena& arena) override;
  void bind(ParamArena& arena) override;
  void init(Rng& rng) override;
  void forward(const Tensor& x, Tensor& y, const ForwardContext& ctx) override;
  void backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor& dx,
                bool need_dx) override;
  nlohmann::json config() const override;

  const Conv2DOptions& options() const { return options_; }
  const ConvGeometry& geometry() const { return geom_; }

 private:
  Conv2DOptions options_;
  ConvGeometry geom_;                     // input [C, H, W], window, stride, padding
  std::size_t weight_index_ = 0, bias_index_ = 0;
  float* weight_ = nullptr;               // W [CO, C·KH·KW]
  float* bias_ = nullptr;                 // b [CO], or null without bias
  float* weight_grad_ = nullptr;          // dW [CO, C·KH·KW]
  float* bias_grad_ = nullptr;            // db [CO]
  std::vector<float> partial_grads_;      // [tasks, CO·C·KH·KW + CO]: per-task sums of dW, db
};

}  // namespace nnfs
