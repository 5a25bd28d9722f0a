#include "engine/core/tensor.h"

#include <algorithm>
#include <stdexcept>

namespace nnfs {

std::size_t shape_size(const Shape& shape) {
  std::size_t n = 1;
  for (std::size_t d : shape) n *= d;
  return shape.empty() ? 0 : n;
}

std::string shape_to_string(const Shape& shape) {
  std::string s = "[";
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (i) s += ", ";
    s += std::to_string(shape[i]);
  }
  return s + "]";
}

Tensor::Tensor(Shape shape, float fill) : shape_(std::move(shape)), data_(shape_size(shape_), fill) {}

Tensor::Tensor(Shape shape, std::initializer_list<float> values)
    : shape_(std::move(shape)), data_(values) {
  if (data_.size() != shape_size(shape_))
    throw std::invalid_argument("Tensor: " + std::to_string(data_.size()) + " values for shape " +
                                shape_to_string(shape_));
}

void Tensor::resize(const Shape& shape) {
  shape_.assign(shape.begin(), shape.end());
  data_.resize(shape_size(shape_));
}

void Tensor::fill(float value) { std::fill(data_.begin(), data_.end(), value); }

}  // namespace nnfs
