#include "engine/layers/pool2d.h"

#include <algorithm>

#include "engine/core/error.h"
#include "engine/core/parallel.h"
#include "engine/kernels/max_pool.h"
#include "engine/layers/batch_resize.h"

namespace nnfs {

Pool2D::Pool2D(PoolOptions options, const char* type) : options_(options), type_(type) {
  if (options_.size == 0) throw Error(std::string(type) + ": size must be at least 1");
  if (options_.stride == 0) options_.stride = options_.size;
}

Shape Pool2D::build(const Shape& input, const std::string&, ParamArena&) {
  in_ = image_shape(input, type_);
  if (in_.h < options_.size || in_.w < options_.size)
    throw Error(std::string(type_) + ": a " + std::to_string(options_.size) + "x" + std::to_string(options_.size) +
                " window does not fit input " + shape_to_string(input));
  out_ = {in_.c, (in_.h - options_.size) / options_.stride + 1, (in_.w - options_.size) / options_.stride + 1};
  return out_.shape();
}

nlohmann::json Pool2D::config() const {
  return {{"type", type_}, {"size", options_.size}, {"stride", options_.stride}};
}

namespace {

// Runs fn(plane) for every (sample, channel) plane, planes in parallel (each plane's result is
// independent of the others, so of the split).
template <typename Fn>
void for_each_plane(std::size_t planes, Fn&& fn) {
  parallel_ranges(planes, 64, [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) fn(i);
  });
}

}  // namespace

// y[oy, ox] = max over the window at (oy·S, ox·S)
void MaxPool2D::forward(const Tensor& x, Tensor& y, const ForwardContext&) const {
  const std::size_t n = x.rows(), k = options_.size, s = options_.stride;
  const std::size_t w = in_.w, ho = out_.h, wo = out_.w;
  resize_batch(y, {n, out_.c, ho, wo});
  for_each_plane(n * in_.c, [&](std::size_t plane) {
    const float* in = x.data() + plane * in_.h * w;
    float* out = y.data() + plane * ho * wo;
    if (k == 2 && s == 2) {  // the common case (engine/kernels/max_pool.h)
      max_pool_2x2(in, w, ho, wo, out);
      return;
    }
    for (std::size_t oy = 0; oy < ho; ++oy)
      for (std::size_t ox = 0; ox < wo; ++ox) {
        const float* window = in + oy * s * w + ox * s;
        float m = window[0];
        for (std::size_t ky = 0; ky < k; ++ky)
          for (std::size_t kx = 0; kx < k; ++kx) m = std::max(m, window[ky * w + kx]);
        out[oy * wo + ox] = m;
      }
  });
}

// dx[argmax of window] += dy[oy, ox]; argmax = the first window element equal to y (the same
// element forward picked), found again from x and y instead of being stored.
void MaxPool2D::backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor& dx,
                         const BackwardContext& ctx) const {
  if (!ctx.need_dx) return;
  const std::size_t n = x.rows(), k = options_.size, s = options_.stride;
  const std::size_t w = in_.w, ho = out_.h, wo = out_.w;
  dx.resize(x.shape());
  for_each_plane(n * in_.c, [&](std::size_t plane) {
    const float* in = x.data() + plane * in_.h * w;
    const float* out = y.data() + plane * ho * wo;
    const float* d_out = dy.data() + plane * ho * wo;
    float* d_in = dx.data() + plane * in_.h * w;
    if (k == 2 && s == 2) {  // the common case (engine/kernels/max_pool.h): every covered pixel written once
      if (in_.h % 2 || w % 2) std::fill(d_in, d_in + in_.h * w, 0.0f);  // pixels no window covers
      max_pool_2x2_backward(in, out, d_out, w, ho, wo, d_in);
      return;
    }
    std::fill(d_in, d_in + in_.h * w, 0.0f);
    for (std::size_t oy = 0; oy < ho; ++oy)
      for (std::size_t ox = 0; ox < wo; ++ox) {
        const std::size_t corner = oy * s * w + ox * s;
        const float m = out[oy * wo + ox];
        std::size_t at = corner;
        for (std::size_t q = 0; q < k * k; ++q) {
          const std::size_t i = corner + (q / k) * w + q % k;
          if (in[i] == m) {
            at = i;
            break;
          }
        }
        d_in[at] += d_out[oy * wo + ox];
      }
  });
}

// y[oy, ox] = (1/K²) Σ window
void AvgPool2D::forward(const Tensor& x, Tensor& y, const ForwardContext&) const {
  const std::size_t n = x.rows(), k = options_.size, s = options_.stride;
  const std::size_t w = in_.w, ho = out_.h, wo = out_.w;
  const float inv_area = 1.0f / static_cast<float>(k * k);
  resize_batch(y, {n, out_.c, ho, wo});
  for_each_plane(n * in_.c, [&](std::size_t plane) {
    const float* in = x.data() + plane * in_.h * w;
    float* out = y.data() + plane * ho * wo;
    for (std::size_t oy = 0; oy < ho; ++oy)
      for (std::size_t ox = 0; ox < wo; ++ox) {
        const float* window = in + oy * s * w + ox * s;
        float sum = 0.0f;
        for (std::size_t ky = 0; ky < k; ++ky)
          for (std::size_t kx = 0; kx < k; ++kx) sum += window[ky * w + kx];
        out[oy * wo + ox] = sum * inv_area;
      }
  });
}

// dx[window] += dy[oy, ox] / K²
void AvgPool2D::backward(const Tensor& x, const Tensor&, const Tensor& dy, Tensor& dx,
                         const BackwardContext& ctx) const {
  if (!ctx.need_dx) return;
  const std::size_t n = x.rows(), k = options_.size, s = options_.stride;
  const std::size_t w = in_.w, ho = out_.h, wo = out_.w;
  const float inv_area = 1.0f / static_cast<float>(k * k);
  dx.resize(x.shape());
  for_each_plane(n * in_.c, [&](std::size_t plane) {
    const float* d_out = dy.data() + plane * ho * wo;
    float* d_in = dx.data() + plane * in_.h * w;
    std::fill(d_in, d_in + in_.h * w, 0.0f);
    for (std::size_t oy = 0; oy < ho; ++oy)
      for (std::size_t ox = 0; ox < wo; ++ox) {
        const float g = d_out[oy * wo + ox] * inv_area;
        float* window = d_in + oy * s * w + ox * s;
        for (std::size_t ky = 0; ky < k; ++ky)
          for (std::size_t kx = 0; kx < k; ++kx) window[ky * w + kx] += g;
      }
  });
}

}  // namespace nnfs
