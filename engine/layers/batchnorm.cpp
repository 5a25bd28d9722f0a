#include "engine/layers/batchnorm.h"

#include <cmath>
#include <type_traits>

#include "engine/core/error.h"
#include "engine/core/parallel.h"
#include "engine/kernels/channel_stats.h"

namespace nnfs {

BatchNorm::BatchNorm(BatchNormOptions options) : options_(options) {
  if (!(options_.momentum > 0.0f && options_.momentum <= 1.0f))
    throw Error("batchnorm: momentum must be in (0, 1], got " + std::to_string(options_.momentum));
  if (!(options_.epsilon > 0.0f && std::isfinite(options_.epsilon)))
    throw Error("batchnorm: epsilon must be > 0, got " + std::to_string(options_.epsilon));
}

Shape BatchNorm::build(const Shape& input, const std::string& prefix, ParamArena& arena) {
  if (shape_size(input) == 0) throw Error("batchnorm: empty input shape " + shape_to_string(input));
  const bool image = input.size() == 3;
  channels_ = image ? input[0] : shape_size(input);
  spatial_ = image ? input[1] * input[2] : 1;
  gamma_index_ = arena.add(prefix + ".weight", {channels_});
  beta_index_ = arena.add(prefix + ".bias", {channels_});
  return input;
}

void BatchNorm::build_buffers(const std::string& prefix, ParamArena& buffers) {
  mean_index_ = buffers.add(prefix + ".running_mean", {channels_});
  var_index_ = buffers.add(prefix + ".running_var", {channels_});
}

void BatchNorm::bind(ParamArena& arena) {
  gamma_ = arena.value(gamma_index_);
  beta_ = arena.value(beta_index_);
  gamma_offset_ = arena.offset(gamma_index_);
  beta_offset_ = arena.offset(beta_index_);
}

void BatchNorm::bind_buffers(ParamArena& buffers) {
  running_mean_ = buffers.value(mean_index_);
  running_var_ = buffers.value(var_index_);
}

// γ = 1, β = 0 (the identity on normalised inputs); running statistics of N(0, 1).
void BatchNorm::init(Rng&) {
  for (std::size_t c = 0; c < channels_; ++c) {
    gamma_[c] = 1.0f;
    beta_[c] = 0.0f;
    if (running_mean_) running_mean_[c] = 0.0f;
    if (running_var_) running_var_[c] = 1.0f;
  }
}

std::unique_ptr<LayerScratch> BatchNorm::make_scratch(std::size_t) const {
  auto scratch = std::make_unique<BatchNormScratch>();
  scratch->mean.assign(channels_, 0.0f);
  scratch->inv_std.assign(channels_, 1.0f);
  scratch->unbiased_var.assign(channels_, 1.0f);
  return scratch;
}

std::vector<float> BatchNormScratch::variance(float epsilon) const {
  std::vector<float> var(inv_std.size());
  for (std::size_t c = 0; c < var.size(); ++c) var[c] = 1.0f / (inv_std[c] * inv_std[c]) - epsilon;
  return var;
}

namespace {

// Channel c of a [N][C][S] tensor: run i (sample i's plane of the channel) is the S floats at
// data + i·C·S + c·S. T = const float for runs read, float for runs written.
template <class T>
struct ChannelRuns {
  T* first;
  std::size_t stride, s, n;
  T* run(std::size_t i) const { return first + i * stride; }
  // Asks for run i + 1 while run i is worked on (the hardware prefetcher does not jump from one
  // run to the next, C·S floats on); runs under a cache line are left to it.
  void prefetch_after(std::size_t i) const {
    if (i + 1 >= n || s < 16) return;
    if constexpr (std::is_const_v<T>) prefetch_run(run(i + 1), s);
    else prefetch_run_for_write(run(i + 1), s);
  }
};

}  // namespace

// Channel c of sample n is the run x[n·C·S + c·S, +S) (S = spatial_); channels in parallel, each
// reduced by one thread in a fixed order.
void BatchNorm::forward(const Tensor& x, Tensor& y, const ForwardContext& ctx) const {
  const std::size_t n = x.rows(), c_count = channels_, s = spatial_, stride = c_count * s;
  auto& st = static_cast<BatchNormScratch&>(*ctx.scratch);
  y.resize(x.shape());
  st.batch_statistics = ctx.training;
  if (ctx.training && n * s < 2)
    throw Error("batchnorm: training needs at least 2 values per channel (batch of " + std::to_string(n) + ")");
  parallel_for(c_count, [&](std::size_t begin, std::size_t end) {
    for (std::size_t c = begin; c < end; ++c) {
      const ChannelRuns<const float> xc{x.data() + c * s, stride, s, n};
      const ChannelRuns<float> yc{y.data() + c * s, stride, s, n};
      float mean, var;
      if (ctx.training) {
        // μ = Σx / M,  σ² = Σ(x - μ)² / M   (two passes; each run in float lanes, runs added in double)
        const double m = static_cast<double>(n * s);
        double sum = 0.0;
        for (std::size_t i = 0; i < n; ++i) {
          xc.prefetch_after(i);
          sum += run_sum(xc.run(i), s);
        }
        mean = static_cast<float>(sum / m);
        double sq = 0.0;
        for (std::size_t i = 0; i < n; ++i) sq += run_squared_deviation(xc.run(i), s, mean);  // runs cached by the sum
        var = static_cast<float>(sq / m);
        st.unbiased_var[c] = static_cast<float>(sq / (m - 1.0));
      } else {
        mean = running_mean_[c];
        var = running_var_[c];
      }
      st.mean[c] = mean;
      st.inv_std[c] = 1.0f / std::sqrt(var + options_.epsilon);
      // y = γ·(x - μ)/√(σ² + ε) + β  =  x·a + b  with a = γ/√(σ² + ε), b = β - μ·a
      // (max(0, y) when the following ReLU is fused: ctx.relu_epilogue; backward reads only x)
      const float a = scale_of(c, st.inv_std[c]), b = shift_of(c, mean, a);
      for (std::size_t i = 0; i < n; ++i) {
        xc.prefetch_after(i);
        yc.prefetch_after(i);
        run_affine(xc.run(i), s, a, b, ctx.relu_epilogue, yc.run(i));
      }
    }
  });
}

// running_mean ← (1 - m)·running_mean + m·μ,  running_var ← (1 - m)·running_var + m·σ²·M/(M - 1)
void BatchNorm::update_buffers(const LayerScratch* scratch) {
  const auto& st = static_cast<const BatchNormScratch&>(*scratch);
  if (!st.batch_statistics) return;
  const float mom = options_.momentum;
  for (std::size_t c = 0; c < channels_; ++c) {
    running_mean_[c] = (1.0f - mom) * running_mean_[c] + mom * st.mean[c];
    running_var_[c] = (1.0f - mom) * running_var_[c] + mom * st.unbiased_var[c];
  }
}

// x̂ = (x - μ)·inv_std
// dβ = Σ dy,  dγ = Σ dy·x̂                                          (over the M values)
// training (μ, σ² depend on x):  dx = γ·inv_std·(dy - dβ/M - x̂·dγ/M)
// inference (μ, σ² constants):   dx = γ·inv_std·dy
// With ctx.relu_epilogue the following ReLU's backward is done here: dy is replaced by dy where
// the forward's x·a + b > 0 and 0 elsewhere (ReluGate), the ReLU's own pass skipped.
void BatchNorm::backward(const Tensor& x, const Tensor&, const Tensor& dy, Tensor& dx,
                         const BackwardContext& ctx) const {
  const std::size_t n = x.rows(), c_count = channels_, s = spatial_, stride = c_count * s;
  const auto& st = static_cast<const BatchNormScratch&>(*ctx.scratch);
  float* gamma_grad = ctx.grads.data() + gamma_offset_;
  float* beta_grad = ctx.grads.data() + beta_offset_;
  if (ctx.need_dx) dx.resize(x.shape());
  parallel_for(c_count, [&](std::size_t begin, std::size_t end) {
    for (std::size_t c = begin; c < end; ++c) {
      const ChannelRuns<const float> xc{x.data() + c * s, stride, s, n}, dyc{dy.data() + c * s, stride, s, n};
      const float mu = st.mean[c], inv_std = st.inv_std[c];
      ReluGate relu;
      if (ctx.relu_epilogue) relu = {true, scale_of(c, inv_std), shift_of(c, mu, scale_of(c, inv_std))};
      double d_beta = 0.0, dy_centred = 0.0;  // Σ dy, Σ dy·(x - μ)
      for (std::size_t i = 0; i < n; ++i) {
        dyc.prefetch_after(i);
        xc.prefetch_after(i);
        run_gradient_sums(dyc.run(i), xc.run(i), s, mu, relu, d_beta, dy_centred);
      }
      const double d_gamma = dy_centred * inv_std;  // Σ dy·x̂
      beta_grad[c] = static_cast<float>(d_beta);
      gamma_grad[c] = static_cast<float>(d_gamma);
      if (!ctx.need_dx) continue;
      const float scale = gamma_[c] * inv_std;
      const float m = static_cast<float>(n * s);
      const float mean_dy = st.batch_statistics ? static_cast<float>(d_beta) / m : 0.0f;
      const float mean_dy_xhat = st.batch_statistics ? static_cast<float>(d_gamma) / m : 0.0f;
      // dx = γ·inv_std·(dy - dβ/M - (x - μ)·inv_std·dγ/M)
      const ChannelRuns<float> dxc{dx.data() + c * s, stride, s, n};
      for (std::size_t i = 0; i < n; ++i) {
        dyc.prefetch_after(i);
        xc.prefetch_after(i);
        dxc.prefetch_after(i);
        run_batchnorm_dx(dyc.run(i), xc.run(i), s, relu, scale, mean_dy, mu, inv_std * mean_dy_xhat, dxc.run(i));
      }
    }
  });
}

nlohmann::json BatchNorm::config() const {
  return {{"type", "batchnorm"}, {"momentum", options_.momentum}, {"epsilon", options_.epsilon}};
}

}  // namespace nnfs
