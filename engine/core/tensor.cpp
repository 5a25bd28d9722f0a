#include "engine/core/tensor.h"

#include <algorithm>
#include <stdexcept>
#include <utility>

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

Tensor::Tensor(Shape shape, float fill)
    : shape_(std::move(shape)), size_(shape_size(shape_)), data_(size_, fill) {}

Tensor::Tensor(Shape shape, std::initializer_list<float> values)
    : shape_(std::move(shape)), size_(shape_size(shape_)), data_(values) {
  if (data_.size() != size_)
    throw std::invalid_argument("Tensor: " + std::to_string(data_.size()) + " values for shape " +
                                shape_to_string(shape_));
}

Tensor::Tensor(const Tensor& other)
    : shape_(other.shape_), size_(other.size_), data_(other.data_.begin(), other.data_.begin() + other.size_) {}

Tensor& Tensor::operator=(const Tensor& other) {
  if (this != &other) {
    shape_ = other.shape_;
    size_ = other.size_;
    data_.assign(other.data_.begin(), other.data_.begin() + other.size_);
  }
  return *this;
}

Tensor::Tensor(Tensor&& other) noexcept
    : shape_(std::move(other.shape_)), size_(std::exchange(other.size_, 0)), data_(std::move(other.data_)) {
  other.shape_.clear();
}

Tensor& Tensor::operator=(Tensor&& other) noexcept {
  if (this != &other) {
    shape_ = std::move(other.shape_);
    size_ = std::exchange(other.size_, 0);
    data_ = std::move(other.data_);
    other.shape_.clear();
    other.data_.clear();
  }
  return *this;
}

void Tensor::resize(const Shape& shape) {
  shape_.assign(shape.begin(), shape.end());
  size_ = shape_size(shape_);
  if (data_.size() < size_) data_.resize(size_);  // only new storage is cleared
}

void Tensor::fill(float value) { std::fill(data_.begin(), data_.begin() + size_, value); }

}  // namespace nnfs
