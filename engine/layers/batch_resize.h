// Tensor::resize from a list of dimensions without building a new Shape each call: a
// `y.resize({n, k})` in a layer's forward would allocate a std::vector every training step.
#pragma once

#include <initializer_list>

#include "engine/core/tensor.h"

namespace nnfs {

inline void resize_batch(Tensor& t, std::initializer_list<std::size_t> dims) {
  thread_local Shape shape;  // keeps its capacity: assign() allocates nothing after the first call
  shape.assign(dims);
  t.resize(shape);
}

}  // namespace nnfs
