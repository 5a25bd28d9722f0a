// Layer: the interface every layer implements.
//
// Shapes: a layer sees a batch x[N, in...] and produces y[N, out...]; `build` is told the
// per-sample input shape (without N) and returns the per-sample output shape.
//
// The model keeps every activation, so backward is handed the layer's own input x and output y
// together with dL/dy and writes dL/dx (and its parameter gradients into the arena). Forward and
// backward of each layer sit next to each other in its .cpp, with the math above the loops.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/core/rng.h"
#include "engine/core/tensor.h"
#include "engine/model/param_arena.h"

namespace nnfs {

struct ForwardContext {
  bool training = false;   // dropout masks, batch statistics
  Rng* rng = nullptr;      // randomness for training-time layers
};

class Layer {
 public:
  virtual ~Layer() = default;

  virtual std::string type() const = 0;
  // Registers parameters as "<prefix>.weight" etc. and returns the per-sample output shape.
  // Throws nnfs::Error when the input shape does not fit the layer.
  virtual Shape build(const Shape& input, const std::string& prefix, ParamArena& arena) = 0;
  // Keeps pointers into the arena's storage (called once the arena is allocated).
  virtual void bind(ParamArena& /*arena*/) {}
  // Non-trainable state saved in the model file next to the parameters (BatchNorm's running
  // statistics): registered after build in a second arena that no optimizer sees, then bound.
  virtual void build_buffers(const std::string& /*prefix*/, ParamArena& /*buffers*/) {}
  virtual void bind_buffers(ParamArena& /*buffers*/) {}
  // Draws initial parameter values.
  virtual void init(Rng& /*rng*/) {}

  virtual void forward(const Tensor& x, Tensor& y, const ForwardContext& ctx) = 0;
  // need_dx is false for the first layer, whose input gradient nobody uses.
  virtual void backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor& dx,
                        bool need_dx) = 0;

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
