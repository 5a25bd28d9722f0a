// ThreadBuffer: a float buffer, 64-byte aligned, that only grows — the convolution kernels'
// per-thread scratch (declare it thread_local). After the first passes at the largest size in
// use, a training step allocates nothing. Every use writes what it reads, so nothing carries
// from one call to the next.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace nnfs {

class ThreadBuffer {
 public:
  float* get(std::size_t floats) {
    if (data_.size() < floats + 16) data_.resize(floats + 16);
    const auto address = reinterpret_cast<std::uintptr_t>(data_.data());
    const std::uintptr_t aligned = (address + 63) / 64 * 64;
    return data_.data() + (aligned - address) / sizeof(float);
  }

 private:
  std::vector<float> data_;
};

}  // namespace nnfs
