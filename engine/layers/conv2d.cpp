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
// The calling thread's weights packed for DirectConv, read by every task of the pass.
thread_local std::vector<float> t_packed;

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
  direct_ = geom_.stride_h == 1 && geom_.pad_h < geom_.kh && geom_.pad_w < geom_.kw
                ? DirectConv(geom_, options_.filters)
                : DirectConv();
  const bool three = geom_.kh == 3 && geom_.kw == 3 && geom_.stride_h == 1 && geom_.pad_h == 1 && geom_.out_w() <= 32;
  const std::size_t co = options_.filters;
  winograd_ = three ? WinogradConv(geom_, co, WinogradConv::tile_for(geom_, co)) : WinogradConv();
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
  // Room for either path's partial sums: dW [CO, C·KH·KW] or DirectConv's dWᵀ [C·KH·KW, ldt].
  const std::size_t ldt = (options_.filters + 15) / 16 * 16;
  scratch->partial_grads.resize(BatchSplit(batch).tasks * (ldt * geom_.patch() + options_.filters));
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

// Which kernels run this layer's passes now (the ISA can change between calls: gemm_force_isa).
Conv2D::Path Conv2D::path() const {
  if (WinogradConv::applies(geom_, options_.filters)) return Path::Winograd;
  if (DirectConv::applies(geom_)) return Path::Direct;
  return Path::Gemm;
}

// The weights rearranged for the path (forward or input gradient), in the calling thread's
// buffer; null for the GEMM path, which reads W as it is.
const float* Conv2D::packed_weights(Path path, bool input_grad) const {
  if (path == Path::Gemm) return nullptr;
  const bool wino = path == Path::Winograd;
  t_packed.resize(wino ? winograd_.packed_size() : direct_.packed_size());
  if (wino && input_grad) winograd_.pack_input_grad(weight_, t_packed.data());
  else if (wino) winograd_.pack_forward(weight_, t_packed.data());
  else if (input_grad) direct_.pack_input_grad(weight_, t_packed.data());
  else direct_.pack_forward(weight_, t_packed.data());
  return t_packed.data();
}

// Samples in parallel, relu when the following ReLU is fused (ctx.relu_epilogue):
//   Winograd:    y[n] = W ⋆ x[n] + b  by F(4x4, 3x3) or F(2x2, 3x3) on a task's samples at once (engine/kernels/winograd.h)
//   DirectConv:  y[n] = W ⋆ x[n] + b  on shifted planes, per sample (engine/kernels/conv_direct.h)
//   otherwise:   cols = im2col(x[n])                [C·KH·KW, HO·WO]
//                y[n] = W·cols + b                  [CO, HO·WO]   (bias added in the GEMM's epilogue)
void Conv2D::forward(const Tensor& x, Tensor& y, const ForwardContext& ctx) const {
  const std::size_t n = x.rows(), co = options_.filters, patch = geom_.patch(), p = geom_.out_pixels();
  resize_batch(y, {n, co, geom_.out_h(), geom_.out_w()});
  const Path path = this->path();
  const bool relu = ctx.relu_epilogue;
  const float* packed = packed_weights(path, false);
  const BatchSplit split(n);
  parallel_tasks(static_cast<int>(split.tasks), [&](int t) {
    const std::size_t s0 = split.begin(static_cast<std::size_t>(t)), s1 = split.end(static_cast<std::size_t>(t));
    if (path == Path::Winograd) {
      winograd_.forward(packed, x.data() + s0 * geom_.in_size(), s1 - s0, bias_, relu, y.data() + s0 * co * p);
      return;
    }
    for (std::size_t s = s0; s < s1; ++s) {
      const float* xs = x.data() + s * geom_.in_size();
      float* ys = y.data() + s * co * p;
      if (path == Path::Direct) {
        direct_.forward(packed, xs, bias_, relu, ys);
        continue;
      }
      GemmArgs g;
      g.m = co, g.n = p, g.k = patch;
      g.a = weight_, g.lda = patch;
      g.b = columns_of(geom_, xs), g.ldb = p;
      g.c = ys, g.ldc = p;
      gemm_fused(g, {bias_, true, relu});
    }
  });
}

// Each task t of the batch split sums its own samples s:
//   dW_t  += dy[s]·colsᵀ                 [CO, C·KH·KW]   (Winograd, DirectConv: dWᵀ_t [C·KH·KW, ldt])
//   db_t  += Σ_p dy[s][:, p]             [CO]
//   dx[s]  = col2im(Wᵀ·dy[s])            Wᵀ·dy[s] is dcols [C·KH·KW, HO·WO]  (the others: W' ⋆ dy[s])
// with cols = im2col(x[s]) [C·KH·KW, HO·WO] recomputed (cheaper than keeping it for the batch);
// then dW = Σ_t dW_t and db = Σ_t db_t in task order, so no sum depends on the thread count.
void Conv2D::backward(const Tensor& x, const Tensor&, const Tensor& dy, Tensor& dx,
                      const BackwardContext& ctx) const {
  const std::size_t n = x.rows(), co = options_.filters, patch = geom_.patch();
  const Path path = this->path();
  const std::size_t per_task = dw_size(path) + co;  // dW_t, then db_t
  const BatchSplit split(n);
  std::vector<float>& partial = static_cast<Conv2DScratch&>(*ctx.scratch).partial_grads;
  partial.resize(split.tasks * per_task);
  if (ctx.need_dx) dx.resize(x.shape());
  if (n == 0) {
    std::fill(ctx.grads.data() + weight_offset_, ctx.grads.data() + weight_offset_ + co * patch, 0.0f);
    if (bias_) std::fill(ctx.grads.data() + bias_offset_, ctx.grads.data() + bias_offset_ + co, 0.0f);
    return;
  }
  const float* packed = ctx.need_dx ? packed_weights(path, true) : nullptr;
  parallel_tasks(static_cast<int>(split.tasks), [&](int task) {
    const auto t = static_cast<std::size_t>(task);
    backward_task(path, packed, x, dy, ctx.need_dx ? &dx : nullptr, split.begin(t), split.end(t),
                  partial.data() + t * per_task);
  });
  reduce_partials(partial, split.tasks, path, ctx);
}

std::size_t Conv2D::dw_size(Path path) const {
  return path == Path::Gemm ? options_.filters * geom_.patch() : geom_.patch() * direct_.dwt_stride();
}

// Samples [s0, s1) of one task into its partial sums dw (dW_t, then db_t), and their dx. The
// weight gradient takes Winograd only where it beats DirectConv (WinogradConv::wins_weight_grad).
void Conv2D::backward_task(Path path, const float* packed, const Tensor& x, const Tensor& dy, Tensor* dx,
                           std::size_t s0, std::size_t s1, float* dw) const {
  const std::size_t co = options_.filters, p = geom_.out_pixels(), in = geom_.in_size();
  float* db = dw + dw_size(path);
  std::fill(db, db + co, 0.0f);
  const bool wino_dw = path == Path::Winograd && WinogradConv::wins_weight_grad(geom_, co);
  if (wino_dw) winograd_.weight_grad(x.data() + s0 * in, dy.data() + s0 * co * p, s1 - s0, dw, direct_.dwt_stride());
  if (dx && path == Path::Winograd) winograd_.input_grad(packed, dy.data() + s0 * co * p, s1 - s0, dx->data() + s0 * in);
  for (std::size_t s = s0; s < s1; ++s) {
    const float* dy_s = dy.data() + s * co * p;
    const float* x_s = x.data() + s * in;
    // db[o] adds the samples in order, as before; here, sample by sample, dy[s] is still in
    // cache for the weight gradient that reads it next.
    for (std::size_t o = 0; o < co; ++o) db[o] += lane_sum(dy_s + o * p, p);
    if (path == Path::Gemm) add_weight_grad(dy_s, columns_of(geom_, x_s), s == s0, dw);
    else if (!wino_dw) direct_.weight_grad(x_s, dy_s, s != s0, dw);
    if (dx && path == Path::Direct) direct_.input_grad(packed, dy_s, dx->data() + s * in);
    else if (dx && path == Path::Gemm) input_grad(dy_s, dx->data() + s * in);
  }
}

// partial holds, per task, dW_t (DirectConv: dWᵀ_t [C·KH·KW, ldt]) and db_t. Task 0's block
// receives the sum (task order), which is then written out as dW [CO, C·KH·KW] and db.
void Conv2D::reduce_partials(std::vector<float>& partial, std::size_t tasks, Path path,
                             const BackwardContext& ctx) const {
  const std::size_t co = options_.filters, patch = geom_.patch();
  const std::size_t dw_len = dw_size(path), per_task = dw_len + co;
  for (std::size_t t = 1; t < tasks; ++t) {
    const float* part = partial.data() + t * per_task;
    for (std::size_t i = 0; i < per_task; ++i) partial[i] += part[i];
  }
  float* weight_grad = ctx.grads.data() + weight_offset_;
  if (path == Path::Gemm) {
    std::copy_n(partial.data(), co * patch, weight_grad);
  } else {  // dWᵀ [patch, ldt] -> dW [CO, patch]
    const std::size_t ldt = direct_.dwt_stride();
    for (std::size_t o = 0; o < co; ++o)
      for (std::size_t k = 0; k < patch; ++k) weight_grad[o * patch + k] = partial[k * ldt + o];
  }
  if (bias_) std::copy_n(partial.data() + dw_len, co, ctx.grads.data() + bias_offset_);
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
