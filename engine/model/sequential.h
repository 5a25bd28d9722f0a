// Sequential: a stack of layers with their parameters in one arena and their buffers (BatchNorm's
// running statistics) in another — a trained network and nothing else. What a pass computes
// lives in the caller's Workspace (workspace.h):
//
//   forward:  a₀ = x,  aᵢ₊₁ = layerᵢ(aᵢ)                 (activation aᵢ has shape [N, shapeᵢ])
//   backward: dₗ = dL/da_L,  dᵢ = layerᵢ.backward(aᵢ, aᵢ₊₁, dᵢ₊₁)   and parameter gradients
//
// Inference (forward, backward) is const: any number of threads may run one network at once,
// each with its own workspace, so a network is shared as shared_ptr<const Model> without copies.
// Only training changes it: forward_training folds the batch statistics into the buffers, and the
// optimizer updates params(). A workspace is sized once (prepare) and reused, so a training step
// allocates nothing.
//
// Fusion: in a training forward, a Dense, Conv2D or BatchNorm directly followed by a ReLU applies
// the ReLU in its epilogue (ForwardContext::relu_epilogue) and the ReLU layer does no work: its
// output is that layer's output, which its backward reads as input (max(0, z) > 0 exactly when
// z > 0, so the gradients are unchanged). None of the three reads its own output in backward. Inference forwards stay unfused so activation(i) keeps
// each layer's pre-activation output.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/layers/layer.h"
#include "engine/model/param_arena.h"
#include "engine/model/workspace.h"

namespace nnfs {

class Sequential {
 public:
  Sequential() = default;
  Sequential(Shape input_shape, std::vector<std::unique_ptr<Layer>> layers);
  // From an architecture: a JSON array of layer entries, e.g. [{"type":"dense","units":10}].
  static Sequential from_architecture(Shape input_shape, const nlohmann::json& architecture);

  Sequential(Sequential&&) = default;
  Sequential& operator=(Sequential&&) = default;
  // Same architecture (and layout_id), copied parameters and buffers: the one deep copy of a
  // network (Model's is clone_model, engine/train/clone_model.h).
  Sequential clone() const;

  void init(std::uint64_t seed);  // draws initial weights

  // Identifies this network's layout: its clones share it, so a workspace made for one fits all.
  std::uint64_t layout_id() const { return layout_id_; }
  // Sizes `ws` for this layout and batches of up to `batch` samples. A pass on a workspace made
  // for another layout (or none) prepares it first. An inference workspace holds the activations
  // only: the gradient buffers (as large again) are sized by a training prepare, or by the first
  // backward pass on it.
  enum class Use { Training, Inference };
  void prepare(Workspace& ws, std::size_t batch, Use use = Use::Training) const;

  // Inference: runs every layer on x [N, input...] and returns the output [N, output_shape...],
  // which stays in `ws` with every activation. x must outlive the use of ws (backward, activation).
  const Tensor& forward(const Tensor& x, Workspace& ws) const;
  // Training: dropout draws its masks from `rng`, batch normalisation normalises with the batch's
  // statistics and folds them into the running ones (this network's buffers), Dense+ReLU,
  // Conv2D+ReLU and BatchNorm+ReLU fuse.
  const Tensor& forward_training(const Tensor& x, Workspace& ws, Rng& rng);
  // Back-propagates dL/d(output of layer `end - 1`) through layers end-1 … 0 of the pass in `ws`,
  // filling ws.grads(). end = layer_count() starts at the model's output; end = layer_count() - 1
  // starts below a final Softmax (the fused softmax + cross-entropy path).
  void backward(const Tensor& d_output, std::size_t end, Workspace& ws) const;
  void backward(const Tensor& d_output, Workspace& ws) const { backward(d_output, layers_.size(), ws); }

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
  std::vector<bool> relu_fused_;             // layer i is a ReLU whose input is a Dense's, Conv2D's or BatchNorm's output
  std::vector<bool> relu_after_batchnorm_;   // ... a BatchNorm's: its backward is done by the BatchNorm's too
  std::uint64_t layout_id_ = 0;

  const Tensor& run(const Tensor& x, Workspace& ws, bool training, Rng* rng) const;
  bool relu_backward_in_batchnorm(std::size_t i, const Workspace& ws) const;
};

}  // namespace nnfs
