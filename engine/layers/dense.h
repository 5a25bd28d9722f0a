// Dense (fully connected) layer: y = x·W + b, with optional L1/L2 penalties on W and b.
#pragma once

#include "engine/layers/layer.h"

namespace nnfs {

enum class Init { He, Xavier, Nnfs };  // nnfs = the book's 0.01·randn
Init parse_init(const std::string& name);
std::string init_name(Init init);

struct DenseOptions {
  std::size_t units = 0;
  Init init = Init::He;
  float l1 = 0, l2 = 0;            // penalties on the weights
  float bias_l1 = 0, bias_l2 = 0;  // penalties on the biases
};

class Dense : public Layer {
 public:
  explicit Dense(DenseOptions options);

  std::string type() const override { return "dense"; }
  Shape build(const Shape& input, const std::string& prefix, ParamArena& arena) override;
  void bind(ParamArena& arena) override;
  void init(Rng& rng) override;
  void forward(const Tensor& x, Tensor& y, const ForwardContext& ctx) override;
  void backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor& dx,
                bool need_dx) override;
  double regularization_loss() const override;
  nlohmann::json config() const override;

  std::size_t inputs() const { return inputs_; }
  // Forward writes max(0, x·W + b) (a following ReLU fused into the GEMM epilogue; the model
  // then skips that ReLU's forward). Backward is unchanged: it never reads y.
  void set_fused_relu(bool fused) { fused_relu_ = fused; }
  const DenseOptions& options() const { return options_; }

 private:
  DenseOptions options_;
  std::size_t inputs_ = 0;                 // D
  std::size_t weight_index_ = 0, bias_index_ = 0;
  float* weight_ = nullptr;                // W [D, K]
  float* bias_ = nullptr;                  // b [K]
  float* weight_grad_ = nullptr;           // dW [D, K]
  float* bias_grad_ = nullptr;             // db [K]
  bool fused_relu_ = false;
};

}  // namespace nnfs
