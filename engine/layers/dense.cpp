#include "engine/layers/dense.h"

#include <cmath>

#include "engine/core/error.h"
#include "engine/kernels/gemm.h"
#include "engine/layers/batch_resize.h"

namespace nnfs {

Init parse_init(const std::string& name) {
  if (name == "he") return Init::He;
  if (name == "xavier" || name == "glorot") return Init::Xavier;
  if (name == "nnfs" || name == "small") return Init::Nnfs;
  throw Error("unknown initialiser '" + name + "' (expected he, xavier or nnfs)");
}

std::string init_name(Init init) {
  switch (init) {
    case Init::He: return "he";
    case Init::Xavier: return "xavier";
    case Init::Nnfs: return "nnfs";
  }
  return "he";
}

Dense::Dense(DenseOptions options) : options_(options) {
  if (options_.units == 0) throw Error("dense: units must be at least 1");
}

Shape Dense::build(const Shape& input, const std::string& prefix, ParamArena& arena) {
  inputs_ = shape_size(input);  // a multi-dimensional input is read flattened
  if (inputs_ == 0) throw Error("dense: empty input shape " + shape_to_string(input));
  weight_index_ = arena.add(prefix + ".weight", {inputs_, options_.units});
  bias_index_ = arena.add(prefix + ".bias", {options_.units});
  return {options_.units};
}

void Dense::bind(ParamArena& arena) {
  weight_ = arena.value(weight_index_);
  bias_ = arena.value(bias_index_);
  weight_offset_ = arena.offset(weight_index_);
  bias_offset_ = arena.offset(bias_index_);
}

// He:     W ~ N(0, 2/D)            (suits ReLU: keeps activation variance across layers)
// Xavier: W ~ U(-a, a), a = √(6/(D+K))
// NNFS:   W ~ 0.01·N(0, 1)         (the book's choice)
// Biases start at zero.
void Dense::init(Rng& rng) {
  const std::size_t d = inputs_, k = options_.units;
  const float he_std = std::sqrt(2.0f / static_cast<float>(d));
  const float xavier_a = std::sqrt(6.0f / static_cast<float>(d + k));
  for (std::size_t i = 0; i < d * k; ++i) {
    switch (options_.init) {
      case Init::He: weight_[i] = he_std * rng.normal(); break;
      case Init::Xavier: weight_[i] = rng.uniform(-xavier_a, xavier_a); break;
      case Init::Nnfs: weight_[i] = 0.01f * rng.normal(); break;
    }
  }
  for (std::size_t j = 0; j < k; ++j) bias_[j] = 0.0f;
}

// y[N,K] = x[N,D]·W[D,K] + b[K]   (max(0, ·) when the following ReLU is fused: ctx.relu_epilogue;
// backward is the same either way, it never reads y)
void Dense::forward(const Tensor& x, Tensor& y, const ForwardContext& ctx) const {
  const std::size_t n = x.rows(), d = inputs_, k = options_.units;
  resize_batch(y, {n, k});
  GemmArgs g;
  g.m = n, g.n = k, g.k = d;
  g.a = x.data(), g.lda = d;
  g.b = weight_, g.ldb = k;
  g.c = y.data(), g.ldc = k;
  // + b (and the fused ReLU) in the GEMM's epilogue, while the tile is in registers
  gemm_fused(g, {bias_, false, ctx.relu_epilogue});
}

// dW[D,K] = xᵀ·dy (+ λ₁·sign(W) + 2λ₂·W)
// db[K]   = Σₙ dy   (+ λ₁·sign(b) + 2λ₂·b)
// dx[N,D] = dy·Wᵀ
void Dense::backward(const Tensor& x, const Tensor&, const Tensor& dy, Tensor& dx,
                     const BackwardContext& ctx) const {
  const std::size_t n = x.rows(), d = inputs_, k = options_.units;
  float* weight_grad = ctx.grads.data() + weight_offset_;
  float* bias_grad = ctx.grads.data() + bias_offset_;
  matmul(x.data(), Trans::Yes, dy.data(), Trans::No, weight_grad, d, k, n);
  for (std::size_t j = 0; j < k; ++j) bias_grad[j] = 0.0f;
  for (std::size_t r = 0; r < n; ++r) {
    const float* row = dy.data() + r * k;
    for (std::size_t j = 0; j < k; ++j) bias_grad[j] += row[j];
  }
  auto add_penalty_grad = [](float* grad, const float* value, std::size_t count, float l1, float l2) {
    if (l1 == 0.0f && l2 == 0.0f) return;
    for (std::size_t i = 0; i < count; ++i) {
      const float w = value[i];
      const float sign = w > 0.0f ? 1.0f : (w < 0.0f ? -1.0f : 0.0f);
      grad[i] += l1 * sign + 2.0f * l2 * w;
    }
  };
  add_penalty_grad(weight_grad, weight_, d * k, options_.l1, options_.l2);
  add_penalty_grad(bias_grad, bias_, k, options_.bias_l1, options_.bias_l2);

  if (ctx.need_dx) {
    dx.resize(x.shape());
    matmul(dy.data(), Trans::No, weight_, Trans::Yes, dx.data(), n, d, k);
  }
}

// L = λ₁·Σ|W| + λ₂·ΣW² + the same for b
double Dense::regularization_loss() const {
  auto penalty = [](const float* value, std::size_t count, float l1, float l2) {
    double sum = 0.0;
    if (l1 != 0.0f)
      for (std::size_t i = 0; i < count; ++i) sum += l1 * std::fabs(static_cast<double>(value[i]));
    if (l2 != 0.0f)
      for (std::size_t i = 0; i < count; ++i) sum += l2 * static_cast<double>(value[i]) * value[i];
    return sum;
  };
  return penalty(weight_, inputs_ * options_.units, options_.l1, options_.l2) +
         penalty(bias_, options_.units, options_.bias_l1, options_.bias_l2);
}

nlohmann::json Dense::config() const {
  nlohmann::json c = {{"type", "dense"}, {"units", options_.units}, {"init", init_name(options_.init)}};
  if (options_.l1 != 0.0f) c["l1"] = options_.l1;
  if (options_.l2 != 0.0f) c["l2"] = options_.l2;
  if (options_.bias_l1 != 0.0f) c["bias_l1"] = options_.bias_l1;
  if (options_.bias_l2 != 0.0f) c["bias_l2"] = options_.bias_l2;
  return c;
}

}  // namespace nnfs
