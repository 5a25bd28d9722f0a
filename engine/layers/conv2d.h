// Conv2D: a 2-D convolution over NCHW images. When the AVX-512 path is active, 3x3 windows with
// stride 1, padding 1 and at least 16 channels in and out run WinogradConv (engine/kernels/
// winograd.h: F(4x4, 3x3) or F(2x2, 3x3)), other stride-1 windows with padding below the window size DirectConv
// (engine/kernels/conv_direct.h: shifted planes, no patch matrix); everything else im2col + GEMM.
//
//   y[n, co, oy, ox] = b[co] + Σ_{c,ky,kx} W[co, c, ky, kx] · x[n, c, oy·S - P + ky, ox·S - P + kx]
//
// Input per sample [C, H, W] (or [H, W] as one channel), output [CO, HO, WO] with
// HO = (H + 2P - KH) / S + 1 and WO likewise. Weights [CO, C, KH, KW] (PyTorch's layout), bias [CO].
#pragma once

#include <vector>

#include "engine/kernels/conv_direct.h"
#include "engine/kernels/im2col.h"
#include "engine/kernels/winograd.h"
#include "engine/layers/dense.h"  // Init
#include "engine/layers/layer.h"

namespace nnfs {

// Backward's per-task partial sums of dW and db (batch_split.h: added in task order).
struct Conv2DScratch : LayerScratch {
  std::vector<float> partial_grads;  // [tasks, CO·C·KH·KW + CO], dWᵀ [C·KH·KW, ldt] + db with DirectConv
};

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
  std::unique_ptr<LayerScratch> make_scratch(std::size_t batch) const override;
  void forward(const Tensor& x, Tensor& y, const ForwardContext& ctx) const override;
  void backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor& dx,
                const BackwardContext& ctx) const override;
  nlohmann::json config() const override;

  const Conv2DOptions& options() const { return options_; }
  const ConvGeometry& geometry() const { return geom_; }

 private:
  Conv2DOptions options_;
  ConvGeometry geom_;                     // input [C, H, W], window, stride, padding
  std::size_t weight_index_ = 0, bias_index_ = 0;
  float* weight_ = nullptr;               // W [CO, C·KH·KW]
  float* bias_ = nullptr;                 // b [CO], or null without bias
  std::size_t weight_offset_ = 0;         // dW [CO, C·KH·KW] in the gradient array
  std::size_t bias_offset_ = 0;           // db [CO]
  DirectConv direct_;                     // planned when the geometry allows it (stride 1, P < K)
  WinogradConv winograd_;                 // planned for 3x3, stride 1, padding 1, WO <= 32 (tile_for)

  enum class Path { Gemm, Direct, Winograd };
  Path path() const;
  const float* packed_weights(Path path, bool input_grad) const;
  std::size_t dw_size(Path path) const;  // floats of a task's dW partial sum
  void backward_task(Path path, const float* packed, const Tensor& x, const Tensor& dy, Tensor* dx, std::size_t s0,
                     std::size_t s1, float* dw) const;
  // One sample of backward on the im2col path: dw (+)= dy·colsᵀ, dx = col2im(Wᵀ·dy).
  void add_weight_grad(const float* dy, const float* cols, bool first, float* dw) const;
  void input_grad(const float* dy, float* dx) const;
  // dW and db of the batch from the tasks' partial sums, added in task order.
  void reduce_partials(std::vector<float>& partial, std::size_t tasks, Path path, const BackwardContext& ctx) const;
};

}  // namespace nnfs
