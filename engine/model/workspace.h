// Workspace: everything one forward (and backward) pass of a Sequential writes — every layer's
// output, the gradients flowing back, the parameter gradients and each layer's per-pass state
// (LayerScratch: a dropout mask, the batch statistics, partial sums).
//
// It belongs to whoever runs the network: the trainer keeps one for its training steps, the
// canvas predictor, an evaluation job and the Learned tab each keep their own. The network itself
// holds only what a trained model is (architecture, parameters, buffers), so one network can be
// read by several threads at once, each pass writing only its own workspace.
//
// A workspace fits every network of one layout (Sequential::layout_id(): a network and its
// clones); Sequential::prepare sizes it once for a batch size, and passes with that many samples
// or fewer allocate nothing.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "engine/core/tensor.h"
#include "engine/layers/layer.h"

namespace nnfs {

class Workspace {
 public:
  // The activation entering layer i after a forward pass: a₀ = the input (the caller's tensor),
  // aᵢ₊₁ = layer i's output; i = layer_count() is the network's output.
  const Tensor& activation(std::size_t i) const { return *activations_[i]; }
  std::size_t layer_count() const { return outputs_.size(); }
  bool has_pass() const { return !activations_.empty() && activations_[0] != nullptr; }

  // dL/dθ after a backward pass, laid out like the network's parameter arena.
  std::span<float> grads() { return grads_; }
  std::span<const float> grads() const { return grads_; }

  // Keep every layer's dL/daᵢ of the next backward passes (a copy per layer; off by default, as
  // training needs only two buffers). The playground's step panel turns it on to show them.
  void keep_input_grads(bool keep) { keep_input_grads_ = keep; }

  // dL/daᵢ after a backward pass with keep_input_grads(true): the gradient layer i passed down to
  // its input (read-only). Not computed for i = 0 (the network's input) nor for layers at or above
  // the backward pass's `end`; those are empty or hold whatever an earlier pass left.
  const Tensor& input_grad(std::size_t i) const { return kept_input_grads_.at(i); }

  // Layer i's per-pass state (null for layers without one).
  LayerScratch* scratch(std::size_t i) { return scratch_[i].get(); }

 private:
  friend class Sequential;
  std::uint64_t layout_ = 0;                           // the Sequential::layout_id() it was made for
  std::vector<const Tensor*> activations_;             // aᵢ: the input, outputs_ (a fused ReLU's is its Dense's)
  std::vector<Tensor> outputs_;                        // [N, shape after layer i]
  bool fused_pass_ = false;                            // the last forward fused ReLUs (a training pass)
  // dL/daᵢ flowing back: only two are alive at a time (the layer's dy and the dx it writes), so
  // the backward pass alternates between two buffers sized once for the largest input. One
  // buffer per layer would hold ~120 MB more for cnn-large at batch 128.
  Tensor grad_buffers_[2];
  bool keep_input_grads_ = false;
  std::vector<Tensor> kept_input_grads_;               // [layers] when keep_input_grads_
  std::vector<std::unique_ptr<LayerScratch>> scratch_; // one per layer
  std::vector<float> grads_;                           // [parameters]
};

}  // namespace nnfs
