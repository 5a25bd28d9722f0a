// ParamArena: every trainable parameter of a model in one contiguous float array, and every
// gradient in a second one of the same layout.
//
// Layers register their tensors while the model is built (add), the arena allocates once
// (allocate), and layers then keep raw pointers into it. Optimizers see two flat arrays, so an
// update is one loop over all parameters, and their state (momentum, caches) is indexed by the
// same offsets instead of being keyed by object address.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "engine/core/tensor.h"

namespace nnfs {

class ParamArena {
 public:
  struct Entry {
    std::string name;   // "layers.0.weight"
    Shape shape;
    std::size_t offset; // into values() and grads()
    std::size_t size;
  };

  // Registers a tensor; returns its index. Only before allocate().
  std::size_t add(std::string name, Shape shape);
  // Zero-filled values and gradients (no gradients for buffers: with_gradients = false).
  void allocate(bool with_gradients = true);
  bool allocated() const { return allocated_; }

  std::size_t size() const { return values_.size(); }
  const std::vector<Entry>& entries() const { return entries_; }

  float* value(std::size_t index) { return values_.data() + entries_[index].offset; }
  const float* value(std::size_t index) const { return values_.data() + entries_[index].offset; }
  float* grad(std::size_t index) { return grads_.data() + entries_[index].offset; }

  std::span<float> values() { return values_; }
  std::span<const float> values() const { return values_; }
  std::span<float> grads() { return grads_; }
  std::span<const float> grads() const { return grads_; }

 private:
  std::vector<Entry> entries_;
  std::vector<float> values_;
  std::vector<float> grads_;
  bool allocated_ = false;
};

}  // namespace nnfs
