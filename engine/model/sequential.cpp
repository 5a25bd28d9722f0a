#include "engine/model/sequential.h"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <stdexcept>

#include "engine/core/error.h"
#include "engine/layers/activations.h"
#include "engine/layers/batchnorm.h"
#include "engine/layers/conv2d.h"
#include "engine/layers/dense.h"

namespace nnfs {

Sequential::Sequential(Shape input_shape, std::vector<std::unique_ptr<Layer>> layers)
    : layers_(std::move(layers)) {
  if (shape_size(input_shape) == 0) throw Error("model: empty input shape");
  if (layers_.empty()) throw Error("model: no layers");
  shapes_.push_back(std::move(input_shape));
  for (std::size_t i = 0; i < layers_.size(); ++i) {
    first_param_.push_back(arena_->entries().size());
    try {
      const std::string prefix = "layers." + std::to_string(i);
      shapes_.push_back(layers_[i]->build(shapes_.back(), prefix, *arena_));
      layers_[i]->build_buffers(prefix, *buffers_);
    } catch (const Error& e) {
      throw Error("layer " + std::to_string(i) + ": " + e.what());
    }
  }
  first_param_.push_back(arena_->entries().size());
  arena_->allocate();
  buffers_->allocate();
  for (auto& layer : layers_) {
    layer->bind(*arena_);
    layer->bind_buffers(*buffers_);
  }
  static std::atomic<std::uint64_t> next_layout{1};
  layout_id_ = next_layout.fetch_add(1, std::memory_order_relaxed);
  relu_fused_.assign(layers_.size(), false);
  relu_after_batchnorm_.assign(layers_.size(), false);
  for (std::size_t i = 1; i < layers_.size(); ++i) {
    const Layer* below = layers_[i - 1].get();
    const bool relu = dynamic_cast<Relu*>(layers_[i].get()) != nullptr;
    relu_after_batchnorm_[i] = relu && dynamic_cast<const BatchNorm*>(below) != nullptr;
    relu_fused_[i] = relu_after_batchnorm_[i] ||
                     (relu && (dynamic_cast<const Dense*>(below) != nullptr || dynamic_cast<const Conv2D*>(below) != nullptr));
  }
}

Sequential Sequential::from_architecture(Shape input_shape, const nlohmann::json& architecture) {
  if (!architecture.is_array()) throw Error("architecture must be a JSON array of layers");
  std::vector<std::unique_ptr<Layer>> layers;
  for (std::size_t i = 0; i < architecture.size(); ++i) {
    try {
      layers.push_back(make_layer(architecture[i]));
    } catch (const Error& e) {
      throw Error("layer " + std::to_string(i) + ": " + e.what());
    }
  }
  return Sequential(std::move(input_shape), std::move(layers));
}

Sequential Sequential::clone() const {
  Sequential copy = from_architecture(input_shape(), architecture());
  auto src = arena_->values();
  std::copy(src.begin(), src.end(), copy.arena_->values().begin());
  auto src_buffers = buffers_->values();
  std::copy(src_buffers.begin(), src_buffers.end(), copy.buffers_->values().begin());
  copy.layout_id_ = layout_id_;
  return copy;
}

void Sequential::init(std::uint64_t seed) {
  Rng rng(seed);
  for (auto& layer : layers_) layer->init(rng);
}

void Sequential::prepare(Workspace& ws, std::size_t batch, Use use) const {
  const std::size_t count = layers_.size();
  const bool training = use == Use::Training;
  ws.layout_ = layout_id_;
  ws.activations_.assign(count + 1, nullptr);
  ws.outputs_.resize(count);
  ws.scratch_.clear();
  Shape shape;
  std::size_t largest_input = 0;
  for (std::size_t i = 0; i < count; ++i) {
    shape.assign(1, batch);
    shape.insert(shape.end(), shapes_[i + 1].begin(), shapes_[i + 1].end());
    ws.outputs_[i].resize(shape);
    largest_input = std::max(largest_input, batch * shape_size(shapes_[i]));
    ws.scratch_.push_back(layers_[i]->make_scratch(batch));
  }
  // Each layer's backward resizes the buffer it writes to its input's shape; sized for the
  // largest here, that never allocates.
  for (Tensor& buffer : ws.grad_buffers_) buffer.resize(training ? Shape{largest_input} : Shape{0});
  if (training) ws.grads_.assign(arena_->size(), 0.0f);
  else ws.grads_.clear();
}

const Tensor& Sequential::forward(const Tensor& x, Workspace& ws) const { return run(x, ws, false, nullptr); }

const Tensor& Sequential::forward_training(const Tensor& x, Workspace& ws, Rng& rng) {
  const Tensor& y = run(x, ws, true, &rng);
  for (std::size_t i = 0; i < layers_.size(); ++i) layers_[i]->update_buffers(ws.scratch(i));
  return y;
}

// aᵢ₊₁ = layerᵢ(aᵢ); in training a ReLU after a Dense, Conv2D or BatchNorm is applied by that layer (its
// output is that layer's output).
const Tensor& Sequential::run(const Tensor& x, Workspace& ws, bool training, Rng* rng) const {
  if (x.cols() != shape_size(input_shape()))
    throw Error("model expects inputs of shape " + shape_to_string(input_shape()) + ", got " +
                std::to_string(x.cols()) + " values per sample");
  if (ws.layout_ != layout_id_) prepare(ws, x.rows(), training ? Use::Training : Use::Inference);
  ws.activations_[0] = &x;
  ws.fused_pass_ = training;
  for (std::size_t i = 0; i < layers_.size(); ++i) {
    const bool fused = training && relu_fused_[i];
    if (fused) {  // done by the Dense's epilogue
      ws.activations_[i + 1] = ws.activations_[i];
      continue;
    }
    const bool relu_next = training && i + 1 < layers_.size() && relu_fused_[i + 1];
    layers_[i]->forward(*ws.activations_[i], ws.outputs_[i], {training, rng, ws.scratch(i), relu_next});
    ws.activations_[i + 1] = &ws.outputs_[i];
  }
  return *ws.activations_.back();
}

void Sequential::backward(const Tensor& d_output, std::size_t end, Workspace& ws) const {
  if (ws.layout_ != layout_id_ || !ws.has_pass()) throw std::logic_error("Sequential::backward without a forward pass");
  if (ws.grads_.size() != arena_->size()) ws.grads_.assign(arena_->size(), 0.0f);  // an inference workspace
  const Tensor* dy = &d_output;
  for (std::size_t i = end; i-- > 0;) {
    if (relu_backward_in_batchnorm(i, ws)) continue;  // dy goes straight down to the BatchNorm
    const bool relu_epilogue = i + 1 < end && relu_backward_in_batchnorm(i + 1, ws);
    // dx receives dL/daᵢ (the gradient w.r.t. layer i's input); it is the next layer down's dy.
    Tensor& dx = ws.grad_buffers_[i % 2];
    layers_[i]->backward(*ws.activations_[i], *ws.activations_[i + 1], *dy, dx,
                         {ws.grads_, ws.scratch(i), i > 0, relu_epilogue});
    if (ws.keep_input_grads_ && i > 0) {
      ws.kept_input_grads_.resize(layers_.size());
      ws.kept_input_grads_[i] = dx;
    }
    dy = &dx;
  }
}

// A ReLU fused into the BatchNorm below it in a training forward is fused in the backward too:
// BatchNorm's two passes over dy gate it themselves (ReluGate), one pass over memory fewer. Not
// when each layer's input gradient is kept: the ReLU's must then exist.
bool Sequential::relu_backward_in_batchnorm(std::size_t i, const Workspace& ws) const {
  return relu_after_batchnorm_[i] && ws.fused_pass_ && !ws.keep_input_grads_;
}

bool Sequential::ends_in_softmax() const { return !layers_.empty() && layers_.back()->type() == "softmax"; }

std::size_t Sequential::layer_param_count(std::size_t i) const {
  std::size_t n = 0;
  for (std::size_t e = first_param_[i]; e < first_param_[i + 1]; ++e) n += arena_->entries()[e].size;
  return n;
}

double Sequential::regularization_loss() const {
  double sum = 0.0;
  for (const auto& layer : layers_) sum += layer->regularization_loss();
  return sum;
}

nlohmann::json Sequential::architecture() const {
  nlohmann::json arch = nlohmann::json::array();
  for (const auto& layer : layers_) arch.push_back(layer->config());
  return arch;
}

std::string Sequential::summary() const {
  std::string out;
  char line[160];
  std::snprintf(line, sizeof line, "%-6s %-12s %-16s %12s\n", "layer", "type", "output shape", "parameters");
  out += line;
  std::snprintf(line, sizeof line, "%-6s %-12s %-16s %12s\n", "-", "input", shape_to_string(input_shape()).c_str(), "");
  out += line;
  for (std::size_t i = 0; i < layers_.size(); ++i) {
    std::snprintf(line, sizeof line, "%-6zu %-12s %-16s %12zu\n", i, layers_[i]->type().c_str(),
                  shape_to_string(shapes_[i + 1]).c_str(), layer_param_count(i));
    out += line;
  }
  std::snprintf(line, sizeof line, "total parameters: %zu\n", param_count());
  return out + line;
}

}  // namespace nnfs
