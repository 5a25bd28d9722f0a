#include "engine/layers/conv2d.h"

#include <algorithm>
#include <cmath>

#include "engine/core/error.h"
#include "engine/core/parallel.h"
#include "engine/kernels/dot_rows.h"
#include "engine/kernels/gemm.h"
#include "engine/layers/batch_resize.h"
#include "engine/layers/batch_split.h"
#include "engine/layers/image_shape.h"

namespace nnfs {

namespace {

// Per-thread scratch for one sample's cols / dcols [C·KH·KW, HO·WO]; grows once, then reused.
float* scratch(std::vector<float>& buffer, std::size_t floats) {
  if (buffer.size() < floats) buffer.resize(floats);
  return buffer.data();
}
thread_local std::vector<float> t_cols, t_dcols;

constexpr std::size_t kNarrowPatch = 16;  // below: dW as dot products (engine/kernels/dot_rows.h)

// A 1x1 window with stride 1 and no padding reads x as it is: cols = x.
bool is_pointwise(const ConvGeometry& g) {
  return g.kh == 1 && g.kw == 1 && g.stride_h == 1 && g.stride_w == 1 && g.pad_h == 0 && g.pad_w == 0;
}

const float* columns_of(const ConvGeometry& g, const float* x) {
  if (is_pointwise(g)) return x;
  float* cols = scratch(t_cols, g.patch() * g.out_pixels());
  im2col(g, x, cols);
  return cols;
}

}  // namespace

Conv2D::Conv2D(Conv2DOptions options) : options_(options) {
  if (options_.filters == 0) throw Error("conv2d: filters must be at least 1");
  if (options_.kernel_h == 0 || options_.kernel_w == 0) throw Error("conv2d: kernel must be at least 1x1");
  if (options_.stride == 0) throw Error("conv2d: stride must be at least 1");
}

Shape Conv2D::build(const Shape& input, const std::string& prefix, ParamArena& arena) {
  const ImageShape in = image_shape(input, "conv2d");
  geom_ = {in.c, in.h, in.w, options_.kernel_h, options_.kernel_w, options_.stride, options_.stride,
           options_.padding, options_.padding};
  if (geom_.out_h() == 0 || geom_.out_w() == 0)
    throw Error("conv2d: a " + std::to_string(options_.kernel_h) + "x" + std::to_string(options_.kernel_w) +
                " window with padding " + std::to_string(options_.padding) + " does not fit input " +
                shape_to_string(input));
  weight_index_ = arena.add(prefix + ".weight", {options_.filters, in.c, options_.kernel_h, options_.kernel_w});
  if (options_.bias) bias_index_ = arena.add(prefix + ".bias", {options_.filters});
  return {options_.filters, geom_.out_h(), geom_.out_w()};
}

void Conv2D::bind(ParamArena& arena) {
  weight_ = arena.value(weight_index_);
  weight_grad_ = arena.grad(weight_index_);
  if (options_.bias) {
    bias_ = arena.value(bias_index_);
    bias_grad_ = arena.grad(bias_index_);
  }
}

// Fan-in D = C·KH·KW:  He W ~ N(0, 2/D);  Xavier W ~ U(-a, a), a = √(6/(D + CO·KH·KW));
// NNFS W ~ 0.01·N(0, 1).  Biases start at zero.
void Conv2D::init(Rng& rng) {
  const std::size_t fan_in = geom_.patch(), fan_out = options_.filters * geom_.kh * geom_.kw;
  const float he_std = std::sqrt(2.0f / static_cast<float>(fan_in));
  const float xavier_a = std::sqrt(6.0f / static_cast<float>(fan_in + fan_out));
  for (std::size_t i = 0, count = options_.filters * fan_in; i < count; ++i) {
    switch (options_.init) {
      case Init::He: weight_[i] = he_std * rng.normal(); break;
      case Init::Xavier: weight_[i] = rng.uniform(-xavier_a, xavier_a); break;
      case Init::Nnfs: weight_[i] = 0.01f * rng.normal(); break;
    }
  }
  if (bias_) std::fill(bias_, bias_ + options_.filters, 0.0f);
}

// Per sample n (samples in parallel):
//   cols = im2col(x[n])                  [C·KH·KW, HO·WO]
//   y[n] = W·cols + b                    [CO, HO·WO]   (bias added in the GEMM's epilogue)
void Conv2D::forward(const Tensor& x, Tensor& y, const ForwardContext&) {
  const std::size_t n = x.rows(), co = options_.filters, patch = geom_.patch(), p = geom_.out_pixels();
  resize_batch(y, {n, co, geom_.out_h(), geom_.out_w()});
  const BatchSplit split(n);
  parallel_tasks(static_cast<int>(split.tasks), [&](int t) {
    for (std::size_t s = split.begin(static_cast<std::size_t>(t)); s < split.end(static_cast<std::size_t>(t)); ++s) {
      const float* cols = columns_of(geom_, x.data() + s * geom_.in_size());
      GemmArgs g;
      g.m = co, g.n = p, g.k = patch;
      g.a = weight_, g.lda = patch;
      g.b = cols, g.ldb = p;
      g.c = y.data() + s * co * p, g.ldc = p;
      gemm_fused(g, {bias_, true, false});
    }
  });
}

// Per sample n, with cols = im2col(x[n]) recomputed (cheaper than keeping it for the batch):
//   dW  += dy[n]·colsᵀ                   [CO, C·KH·KW]   (GEMM, or dot products when narrow)
//   db  += Σ_p dy[n][:, p]               [CO]
//   dx[n] = col2im(Wᵀ·dy[n])             Wᵀ·dy[n] is dcols [C·KH·KW, HO·WO]
// dW and db are summed per task, then over tasks in order (batch_split.h).
void Conv2D::backward(const Tensor& x, const Tensor&, const Tensor& dy, Tensor& dx, bool need_dx) {
  const std::size_t n = x.rows(), co = options_.filters, patch = geom_.patch(), p = geom_.out_pixels();
  const std::size_t grads_per_task = co * patch + co;
  const BatchSplit split(n);
  partial_grads_.resize(split.tasks * grads_per_task);
  if (need_dx) dx.resize(x.shape());
  if (n == 0) {
    std::fill(weight_grad_, weight_grad_ + co * patch, 0.0f);
    if (bias_grad_) std::fill(bias_grad_, bias_grad_ + co, 0.0f);
    return;
  }

  parallel_tasks(static_cast<int>(split.tasks), [&](int task) {
    const auto t = static_cast<std::size_t>(task);
    float* dw = partial_grads_.data() + t * grads_per_task;
    float* db = dw + co * patch;
    std::fill(db, db + co, 0.0f);
    for (std::size_t s = split.begin(t); s < split.end(t); ++s) {
      const float* dy_s = dy.data() + s * co * p;
      const float* cols = columns_of(geom_, x.data() + s * geom_.in_size());
      if (patch < kNarrowPatch) {
        dot_rows(dy_s, cols, co, patch, p, s != split.begin(t), dw);
      } else {
        GemmArgs gw;
        gw.trans_b = Trans::Yes;
        gw.m = co, gw.n = patch, gw.k = p;
        gw.a = dy_s, gw.lda = p;
        gw.b = cols, gw.ldb = p;
        gw.beta = s == split.begin(t) ? 0.0f : 1.0f;
        gw.c = dw, gw.ldc = patch;
        gemm(gw);
      }
      for (std::size_t o = 0; o < co; ++o) db[o] += lane_sum(dy_s + o * p, p);
      if (!need_dx) continue;
      float* dx_s = dx.data() + s * geom_.in_size();
      const bool pointwise = is_pointwise(geom_);
      GemmArgs gx;
      gx.trans_a = Trans::Yes;
      gx.m = patch, gx.n = p, gx.k = co;
      gx.a = weight_, gx.lda = patch;
      gx.b = dy_s, gx.ldb = p;
      gx.c = pointwise ? dx_s : scratch(t_dcols, patch * p), gx.ldc = p;
      gemm(gx);
      if (pointwise) continue;
      std::fill(dx_s, dx_s + geom_.in_size(), 0.0f);
      col2im_add(geom_, gx.c, dx_s);
    }
  });

  // Σ over tasks, in task order.
  std::copy_n(partial_grads_.data(), co * patch, weight_grad_);
  if (bias_grad_) std::copy_n(partial_grads_.data() + co * patch, co, bias_grad_);
  for (std::size_t t = 1; t < split.tasks; ++t) {
    const float* part = partial_grads_.data() + t * grads_per_task;
    for (std::size_t i = 0; i < co * patch; ++i) weight_grad_[i] += part[i];
    if (bias_grad_)
      for (std::size_t o = 0; o < co; ++o) bias_grad_[o] += part[co * patch + o];
  }
}

nlohmann::json Conv2D::config() const {
  return {{"type", "conv2d"},
          {"filters", options_.filters},
          {"kernel", {options_.kernel_h, options_.kernel_w}},
          {"stride", options_.stride},
          {"padding", options_.padding},
          {"bias", options_.bias},
          {"init", init_name(options_.init)}};
}

}  // namespace nnfs
