// ParamArena: every trainable parameter of a model in one contiguous float array.
//
// Layers register their tensors while the model is built (add), the arena allocates once
// (allocate), and layers then keep raw pointers into it. The gradients are not here: they are what
// a backward pass writes, so they live in the workspace of whoever trains (engine/model/
// workspace.h), one flat array laid out like values(). Optimizers see two flat arrays, so an
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
    std::size_t offset; // into values() (and into a gradient array of the same layout)
    std::size_t size;
  };

  // Registers a tensor; returns its index. Only before allocate().
  std::size_t add(std::string name, Shape shape);
  // Zero-filled values.
  void allocate();
  bool allocated() const { return allocated_; }

  std::size_t size() const { return values_.size(); }
  const std::vector<Entry>& entries() const { return entries_; }

  float* value(std::size_t index) { return values_.data() + entries_[index].offset; }
  const float* value(std::size_t index) const { return values_.data() + entries_[index].offset; }
  std::size_t offset(std::size_t index) const { return entries_[index].offset; }

  std::span<float> values() { return values_; }
  std::span<const float> values() const { return values_; }

 private:
  std::vector<Entry> entries_;
  std::vector<float> values_;
  bool allocated_ = false;
};

}  // namespace nnfs
