// Tensor: a dense, row-major float32 array with a shape.
//
// Dimension letters used throughout the engine: N batch, C channels, H height, W width,
// D inputs (features), K outputs (units/classes). A Tensor owns its storage; resize() keeps the
// storage it already has, so a buffer sized once in prepare() is reused by every training step
// without allocating — and without clearing: a buffer that shrinks for one layer and grows back
// for the next is not zero-filled again (a std::vector's resize would, a memset per step).
#pragma once

#include <cstddef>
#include <initializer_list>
#include <string>
#include <vector>

namespace nnfs {

using Shape = std::vector<std::size_t>;

std::size_t shape_size(const Shape& shape);
std::string shape_to_string(const Shape& shape);  // "[128, 784]"

class Tensor {
 public:
  Tensor() = default;
  explicit Tensor(Shape shape, float fill = 0.0f);
  Tensor(Shape shape, std::initializer_list<float> values);
  // Copies hold only the elements in use, not the slack a larger shape left behind.
  Tensor(const Tensor& other);
  Tensor& operator=(const Tensor& other);
  Tensor(Tensor&& other) noexcept;
  Tensor& operator=(Tensor&& other) noexcept;

  const Shape& shape() const { return shape_; }
  std::size_t rank() const { return shape_.size(); }
  std::size_t dim(std::size_t i) const { return shape_[i]; }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

  // For a tensor seen as a matrix: the first dimension is rows, the rest flattened is cols.
  std::size_t rows() const { return shape_.empty() ? 0 : shape_[0]; }
  std::size_t cols() const { return rows() == 0 ? 0 : size() / rows(); }

  float* data() { return data_.data(); }
  const float* data() const { return data_.data(); }
  float& operator[](std::size_t i) { return data_[i]; }
  float operator[](std::size_t i) const { return data_[i]; }
  float& at(std::size_t r, std::size_t c) { return data_[r * cols() + c]; }
  float at(std::size_t r, std::size_t c) const { return data_[r * cols() + c]; }

  // Changes the shape; contents are unspecified afterwards (elements never held before are zero).
  // No allocation and no clearing if the storage suffices.
  void resize(const Shape& shape);
  void fill(float value);

 private:
  Shape shape_;
  std::size_t size_ = 0;     // shape_size(shape_): the elements in use
  std::vector<float> data_;  // at least size_ elements; those after them are slack kept by resize()
};

}  // namespace nnfs
