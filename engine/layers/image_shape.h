// The per-sample shape of an image batch as the spatial layers read it: [C, H, W] (NCHW for
// the batch). A rank-2 sample shape [H, W] (MNIST's [28, 28]) is one channel.
#pragma once

#include <string>

#include "engine/core/error.h"
#include "engine/core/tensor.h"

namespace nnfs {

struct ImageShape {
  std::size_t c = 1, h = 1, w = 1;
  std::size_t size() const { return c * h * w; }
  Shape shape() const { return {c, h, w}; }
};

inline ImageShape image_shape(const Shape& s, const std::string& layer) {
  if (s.size() == 2 && s[0] > 0 && s[1] > 0) return {1, s[0], s[1]};
  if (s.size() == 3 && s[0] > 0 && s[1] > 0 && s[2] > 0) return {s[0], s[1], s[2]};
  throw Error(layer + ": expects images [C, H, W] or [H, W], got " + shape_to_string(s) +
              " (a dense layer before it? spatial layers go first)");
}

}  // namespace nnfs
