// Layer: the interface every layer implements.
//
// Shapes: a layer sees a batch x[N, in...] and produces y[N, out...]; `build` is told the
// per-sample input shape (without N) and returns the per-sample output shape.
//
// A layer is part of a network that any number of threads may share: forward and backward are
// const and only read the parameters. What a pass writes belongs to whoever runs it (the caller's
// Workspace, engine/model/workspace.h): the output y, dL/dx, the parameter gradients
// (BackwardContext::grads) and the layer's own per-pass state (its LayerScratch: a dropout mask,
// the batch statistics, per-task partial sums). Backward is handed the layer's own input x and
// output y together with dL/dy. Forward and backward of each layer sit next to each other in its
// .cpp, with the math above the loops.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/core/rng.h"
#include "engine/core/tensor.h"
#include "engine/model/param_arena.h"

namespace nnfs {

// What a layer keeps from its forward for its backward (and for update_buffers): made by the
// layer (make_scratch), owned by the caller's workspace, one per layer and pass.
struct LayerScratch {
  virtual ~LayerScratch() = default;
};

struct ForwardContext {
  bool training = false;            // dropout masks, batch statistics
  Rng* rng = nullptr;               // randomness for training-time layers
  LayerScratch* scratch = nullptr;  // this layer's, from make_scratch (null for layers without)
  bool relu_epilogue = false;       // Dense, Conv2D, BatchNorm: apply the following ReLU too (sequential.h, fusion)
};

struct BackwardContext {
  std::span<float> grads;           // dL/dθ of the whole network, laid out like its parameter arena
  LayerScratch* scratch = nullptr;  // what this layer's forward left in it
  bool need_dx = true;              // false for the first layer, whose input gradient nobody uses
  bool relu_epilogue = false;       // BatchNorm: do the fused ReLU's backward too (sequential.h, fusion)
};

class Layer {
 public:
  virtual ~Layer() = default;

  virtual std::string type() const = 0;
  // Registers parameters as "<prefix>.weight" etc. and returns the per-sample output shape.
  // Throws nnfs::Error when the input shape does not fit the layer.
  virtual Shape build(const Shape& input, const std::string& prefix, ParamArena& arena) = 0;
  // Keeps pointers into the arena's values and the offsets of its tensors (the gradients, laid out
  // the same way, are the caller's: BackwardContext::grads). Called once the arena is allocated.
  virtual void bind(ParamArena& /*arena*/) {}
  // Non-trainable state saved in the model file next to the parameters (BatchNorm's running
  // statistics): registered after build in a second arena that no optimizer sees, then bound.
  virtual void build_buffers(const std::string& /*prefix*/, ParamArena& /*buffers*/) {}
  virtual void bind_buffers(ParamArena& /*buffers*/) {}
  // Draws initial parameter values.
  virtual void init(Rng& /*rng*/) {}

  // The per-pass state this layer needs, sized for batches of up to `batch` samples (null: none).
  virtual std::unique_ptr<LayerScratch> make_scratch(std::size_t /*batch*/) const { return nullptr; }

  virtual void forward(const Tensor& x, Tensor& y, const ForwardContext& ctx) const = 0;
  virtual void backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor& dx,
                        const BackwardContext& ctx) const = 0;
  // After a training forward: folds what it measured into the buffers (BatchNorm's running
  // statistics). With the optimizer's step, the only writes training makes to a network.
  virtual void update_buffers(const LayerScratch* /*scratch*/) {}

  // Regularisation penalty this layer adds to the loss (its gradient is added in backward).
  virtual double regularization_loss() const { return 0.0; }
  // The layer's entry in the model's architecture (round-trips through make_layer).
  virtual nlohmann::json config() const = 0;
};

// Builds a layer from its architecture entry, e.g. {"type":"dense","units":128}.
// Throws nnfs::Error naming the bad key for malformed entries.
std::unique_ptr<Layer> make_layer(const nlohmann::json& config);
// The layer types make_layer knows, sorted.
std::vector<std::string> layer_types();

}  // namespace nnfs
