// 2-D pooling over NCHW images: each output pixel summarises a KxK window of its channel,
// windows S apart (S = K by default: non-overlapping), no padding.
//
//   MaxPool2D  y[n,c,oy,ox] = max_{ky,kx} x[n, c, oy·S + ky, ox·S + kx]
//              dx = dy routed to the window's (first) maximum
//   AvgPool2D  y[n,c,oy,ox] = (1/K²) Σ_{ky,kx} x[n, c, oy·S + ky, ox·S + kx]
//              dx = dy / K² spread over the window
//
// Input per sample [C, H, W] (or [H, W]), output [C, HO, WO] with HO = (H - K) / S + 1.
#pragma once

#include "engine/layers/image_shape.h"
#include "engine/layers/layer.h"

namespace nnfs {

struct PoolOptions {
  std::size_t size = 2;    // K
  std::size_t stride = 0;  // S; 0 means S = K
};

class Pool2D : public Layer {
 public:
  Pool2D(PoolOptions options, const char* type);
  std::string type() const override { return type_; }
  Shape build(const Shape& input, const std::string& prefix, ParamArena& arena) override;
  nlohmann::json config() const override;
  const PoolOptions& options() const { return options_; }

 protected:
  PoolOptions options_;    // stride resolved (never 0)
  const char* type_;
  ImageShape in_, out_;    // per sample [C, H, W] → [C, HO, WO]
};

class MaxPool2D : public Pool2D {
 public:
  explicit MaxPool2D(PoolOptions options) : Pool2D(options, "maxpool2d") {}
  void forward(const Tensor& x, Tensor& y, const ForwardContext& ctx) const override;
  void backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor& dx,
                const BackwardContext& ctx) const override;
};

class AvgPool2D : public Pool2D {
 public:
  explicit AvgPool2D(PoolOptions options) : Pool2D(options, "avgpool2d") {}
  void forward(const Tensor& x, Tensor& y, const ForwardContext& ctx) const override;
  void backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor& dx,
                const BackwardContext& ctx) const override;
};

}  // namespace nnfs
