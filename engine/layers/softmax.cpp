#include "engine/layers/softmax.h"

#include <cmath>

namespace nnfs {

// Subtracting the row maximum leaves y unchanged (it cancels in the ratio) and keeps e^x finite.
void softmax_rows(const float* x, float* y, std::size_t rows, std::size_t cols) {
  for (std::size_t r = 0; r < rows; ++r) {
    const float* in = x + r * cols;
    float* out = y + r * cols;
    float max = in[0];
    for (std::size_t j = 1; j < cols; ++j) max = in[j] > max ? in[j] : max;
    float sum = 0.0f;
    for (std::size_t j = 0; j < cols; ++j) {
      out[j] = std::exp(in[j] - max);
      sum += out[j];
    }
    const float inv = 1.0f / sum;
    for (std::size_t j = 0; j < cols; ++j) out[j] *= inv;
  }
}

void Softmax::forward(const Tensor& x, Tensor& y, const ForwardContext&) const {
  y.resize(x.shape());
  softmax_rows(x.data(), y.data(), x.rows(), x.cols());
}

// dx_i = y_i · (dy_i - Σ_j dy_j·y_j)   per row
void Softmax::backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor& dx,
                       const BackwardContext& ctx) const {
  if (!ctx.need_dx) return;
  dx.resize(x.shape());
  const std::size_t rows = y.rows(), cols = y.cols();
  for (std::size_t r = 0; r < rows; ++r) {
    const float* yr = y.data() + r * cols;
    const float* dyr = dy.data() + r * cols;
    float* dxr = dx.data() + r * cols;
    float dot = 0.0f;
    for (std::size_t j = 0; j < cols; ++j) dot += dyr[j] * yr[j];
    for (std::size_t j = 0; j < cols; ++j) dxr[j] = yr[j] * (dyr[j] - dot);
  }
}

}  // namespace nnfs
