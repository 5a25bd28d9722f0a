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

// One sample's cols / dcols [C·KH·KW, HO·WO], per thread (like the GEMM's packing buffers): each
// use writes them before reading, so they carry nothing from one call to the next and a network
// shared by several threads stays safe. They grow once, then are reused.
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
  weight_offset_ = arena.offset(weight_index_);
  if (options_.bias) {
    bias_ = arena.value(bias_index_);
    bias_offset_ = arena.offset(bias_index_);
  }
}

std::unique_ptr<LayerScratch> Conv2D::make_scratch(std::size_t batch) const {
  auto scratch = std::make_unique<Conv2DScratch>();
  scratch->partial_grads.resize(BatchSplit(batch).tasks * (options_.filters * geom_.patch() + options_.filters));
  return scratch;
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
void Conv2D::forward(const Tensor& x, Tensor& y, const ForwardContext&) const {
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

// Per sample s, with cols = im2col(x[s]) [C·KH·KW, HO·WO] recomputed (cheaper than keeping it for
// the batch), each task t of the batch split summing its own samples:
//   dW_t  += dy[s]·colsᵀ                 [CO, C·KH·KW]
//   db_t  += Σ_p dy[s][:, p]             [CO]
//   dx[s]  = col2im(Wᵀ·dy[s])            Wᵀ·dy[s] is dcols [C·KH·KW, HO·WO]
// then dW = Σ_t dW_t and db = Σ_t db_t in task order, so no sum depends on the thread count.
void Conv2D::backward(const Tensor& x, const Tensor&, const Tensor& dy, Tensor& dx,
                      const BackwardContext& ctx) const {
  const std::size_t n = x.rows(), co = options_.filters, patch = geom_.patch(), p = geom_.out_pixels();
  float* weight_grad = ctx.grads.data() + weight_offset_;
  float* bias_grad = bias_ ? ctx.grads.data() + bias_offset_ : nullptr;
  const std::size_t per_task = co * patch + co;  // dW_t, then db_t
  const BatchSplit split(n);
  std::vector<float>& partial = static_cast<Conv2DScratch&>(*ctx.scratch).partial_grads;
  partial.resize(split.tasks * per_task);
  if (ctx.need_dx) dx.resize(x.shape());
  if (n == 0) {
    std::fill(weight_grad, weight_grad + co * patch, 0.0f);
    if (bias_grad) std::fill(bias_grad, bias_grad + co, 0.0f);
    return;
  }

  parallel_tasks(static_cast<int>(split.tasks), [&](int task) {
    const auto t = static_cast<std::size_t>(task);
    float* dw = partial.data() + t * per_task;
    float* db = dw + co * patch;
    std::fill(db, db + co, 0.0f);
    for (std::size_t s = split.begin(t); s < split.end(t); ++s) {
      const float* dy_s = dy.data() + s * co * p;
      add_weight_grad(dy_s, columns_of(geom_, x.data() + s * geom_.in_size()), s == split.begin(t), dw);
      for (std::size_t o = 0; o < co; ++o) db[o] += lane_sum(dy_s + o * p, p);
      if (ctx.need_dx) input_grad(dy_s, dx.data() + s * geom_.in_size());
    }
  });

  std::copy_n(partial.data(), co * patch, weight_grad);
  if (bias_grad) std::copy_n(partial.data() + co * patch, co, bias_grad);
  for (std::size_t t = 1; t < split.tasks; ++t) {
    const float* part = partial.data() + t * per_task;
    for (std::size_t i = 0; i < co * patch; ++i) weight_grad[i] += part[i];
    if (bias_grad)
      for (std::size_t o = 0; o < co; ++o) bias_grad[o] += part[co * patch + o];
  }
}

// dw[CO, C·KH·KW] = (first ? 0 : dw) + dy[CO, P]·cols[C·KH·KW, P]ᵀ: a GEMM, or one dot product per
// element when the window is narrower than a vector (engine/kernels/dot_rows.h).
void Conv2D::add_weight_grad(const float* dy, const float* cols, bool first, float* dw) const {
  const std::size_t co = options_.filters, patch = geom_.patch(), p = geom_.out_pixels();
  if (patch < kNarrowPatch) {
    dot_rows(dy, cols, co, patch, p, !first, dw);
    return;
  }
  GemmArgs g;
  g.trans_b = Trans::Yes;
  g.m = co, g.n = patch, g.k = p;
  g.a = dy, g.lda = p;
  g.b = cols, g.ldb = p;
  g.beta = first ? 0.0f : 1.0f;
  g.c = dw, g.ldc = patch;
  gemm(g);
}

// dcols[C·KH·KW, P] = W[CO, C·KH·KW]ᵀ·dy[CO, P];  dx[C, H, W] = col2im(dcols) (a 1x1 pointwise
// window: dx = dcols, written directly).
void Conv2D::input_grad(const float* dy, float* dx) const {
  const std::size_t co = options_.filters, patch = geom_.patch(), p = geom_.out_pixels();
  const bool pointwise = is_pointwise(geom_);
  GemmArgs g;
  g.trans_a = Trans::Yes;
  g.m = patch, g.n = p, g.k = co;
  g.a = weight_, g.lda = patch;
  g.b = dy, g.ldb = p;
  g.c = pointwise ? dx : scratch(t_dcols, patch * p), g.ldc = p;
  gemm(g);
  if (pointwise) return;
  std::fill(dx, dx + geom_.in_size(), 0.0f);
  col2im_add(geom_, g.c, dx);
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
