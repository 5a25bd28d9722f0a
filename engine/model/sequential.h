// Sequential: a stack of layers, their parameters in one arena, and every activation kept for
// backward.
//
//   forward:  a₀ = x,  aᵢ₊₁ = layerᵢ(aᵢ)                 (activation aᵢ has shape [N, shapeᵢ])
//   backward: dₗ = dL/da_L,  dᵢ = layerᵢ.backward(aᵢ, aᵢ₊₁, dᵢ₊₁)   and parameter gradients
//
// Buffers are sized on the first batch of each size and reused afterwards, so a training step
// allocates nothing.
//
// Fusion: in a training forward, a Dense directly followed by a ReLU applies the ReLU in its
// GEMM epilogue and the ReLU layer does no work: its output is the Dense's output, which its
// backward reads as input (max(0, z) > 0 exactly when z > 0, so the gradients are unchanged).
// Inference forwards stay unfused so activation(i) keeps each Dense's pre-activation output.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/layers/layer.h"
#include "engine/model/param_arena.h"

namespace nnfs {

class Sequential {
 public:
  Sequential() = default;
  Sequential(Shape input_shape, std::vector<std::unique_ptr<Layer>> layers);
  // From an architecture: a JSON array of layer entries, e.g. [{"type":"dense","units":10}].
  static Sequential from_architecture(Shape input_shape, const nlohmann::json& architecture);

  Sequential(Sequential&&) = default;
  Sequential& operator=(Sequential&&) = default;
  Sequential clone() const;  // same architecture, copied parameters

  void init(std::uint64_t seed);  // draws initial weights

  // Runs every layer; returns the output [N, output_shape...]. x must outlive backward().
  const Tensor& forward(const Tensor& x, const ForwardContext& ctx);
  // Back-propagates dL/d(output of layer `end - 1`) through layers end-1 … 0, filling the
  // arena's gradients. end = layer_count() starts at the model's output; end = layer_count() - 1
  // starts below a final Softmax (the fused softmax + cross-entropy path).
  void backward(const Tensor& d_output, std::size_t end);
  void backward(const Tensor& d_output) { backward(d_output, layers_.size()); }

  // The activation entering layer i (i = layer_count() gives the model output).
  const Tensor& activation(std::size_t i) const;

  std::size_t layer_count() const { return layers_.size(); }
  Layer& layer(std::size_t i) { return *layers_[i]; }
  const Layer& layer(std::size_t i) const { return *layers_[i]; }
  bool ends_in_softmax() const;

  const Shape& input_shape() const { return shapes_.front(); }
  const Shape& output_shape() const { return shapes_.back(); }
  const Shape& shape_after(std::size_t i) const { return shapes_[i + 1]; }  // per-sample

  ParamArena& params() { return *arena_; }
  const ParamArena& params() const { return *arena_; }
  // Non-trainable state saved with the parameters (BatchNorm's running statistics); values only.
  ParamArena& buffers() { return *buffers_; }
  const ParamArena& buffers() const { return *buffers_; }
  std::size_t param_count() const { return arena_->size(); }
  std::size_t layer_param_count(std::size_t i) const;
  double regularization_loss() const;

  nlohmann::json architecture() const;
  std::string summary() const;  // a table: layer, type, output shape, parameters

 private:
  std::vector<std::unique_ptr<Layer>> layers_;
  std::vector<Shape> shapes_;                // per-sample shapes: input, then after each layer
  std::unique_ptr<ParamArena> arena_ = std::make_unique<ParamArena>();
  std::unique_ptr<ParamArena> buffers_ = std::make_unique<ParamArena>();
  std::vector<std::size_t> first_param_;     // arena entry index where layer i's params start
  const Tensor* input_ = nullptr;            // a₀ (owned by the caller)
  std::vector<Tensor> outputs_;              // aᵢ₊₁ for each layer i (a fused ReLU's stays unused)
  std::vector<bool> relu_after_dense_;       // layer i is a ReLU whose input is a Dense's output
  bool fused_ = false;                       // the last forward fused those pairs
  const Tensor& output(std::size_t i) const;  // aᵢ₊₁: a fused ReLU's is its Dense's
  std::vector<Tensor> grads_;                // dL/daᵢ₊₁ scratch, one per layer boundary
};

}  // namespace nnfs
