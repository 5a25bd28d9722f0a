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
  void forward(const Tensor& x, Tensor& y, const ForwardContext& ctx) const override;
  void backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor& dx,
                const BackwardContext& ctx) const override;
  double regularization_loss() const override;
  nlohmann::json config() const override;

  std::size_t inputs() const { return inputs_; }
  const DenseOptions& options() const { return options_; }

 private:
  DenseOptions options_;
  std::size_t inputs_ = 0;                 // D
  std::size_t weight_index_ = 0, bias_index_ = 0;
  float* weight_ = nullptr;                // W [D, K]
  float* bias_ = nullptr;                  // b [K]
  std::size_t weight_offset_ = 0;          // dW [D, K] and db [K] in the gradient array
  std::size_t bias_offset_ = 0;
};

}  // namespace nnfs
