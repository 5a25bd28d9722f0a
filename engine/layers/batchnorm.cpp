#include "engine/layers/batchnorm.h"

#include <cmath>

#include "engine/core/error.h"
#include "engine/core/parallel.h"

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
  mean_.assign(channels_, 0.0f);
  inv_std_.assign(channels_, 1.0f);
  return input;
}

void BatchNorm::build_buffers(const std::string& prefix, ParamArena& buffers) {
  mean_index_ = buffers.add(prefix + ".running_mean", {channels_});
  var_index_ = buffers.add(prefix + ".running_var", {channels_});
}

void BatchNorm::bind(ParamArena& arena) {
  gamma_ = arena.value(gamma_index_);
  beta_ = arena.value(beta_index_);
  gamma_grad_ = arena.grad(gamma_index_);
  beta_grad_ = arena.grad(beta_index_);
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

std::vector<float> BatchNorm::last_variance() const {
  std::vector<float> var(channels_);
  for (std::size_t c = 0; c < channels_; ++c) var[c] = 1.0f / (inv_std_[c] * inv_std_[c]) - options_.epsilon;
  return var;
}

// Channel c of sample n is the run x[n·C·S + c·S, +S) (S = spatial_); channels in parallel, each
// reduced by one thread in a fixed order.
void BatchNorm::forward(const Tensor& x, Tensor& y, const ForwardContext& ctx) {
  const std::size_t n = x.rows(), c_count = channels_, s = spatial_, stride = c_count * s;
  y.resize(x.shape());
  batch_statistics_ = ctx.training;
  if (ctx.training && n * s < 2)
    throw Error("batchnorm: training needs at least 2 values per channel (batch of " + std::to_string(n) + ")");
  parallel_for(c_count, [&](std::size_t begin, std::size_t end) {
    for (std::size_t c = begin; c < end; ++c) {
      float mean, var;
      if (ctx.training) {
        // μ = Σx / M,  σ² = Σ(x - μ)² / M   (two passes, in double)
        const double m = static_cast<double>(n * s);
        double sum = 0.0;
        for (std::size_t i = 0; i < n; ++i) {
          const float* in = x.data() + i * stride + c * s;
          for (std::size_t j = 0; j < s; ++j) sum += in[j];
        }
        const double mu = sum / m;
        double sq = 0.0;
        for (std::size_t i = 0; i < n; ++i) {
          const float* in = x.data() + i * stride + c * s;
          for (std::size_t j = 0; j < s; ++j) sq += (in[j] - mu) * (in[j] - mu);
        }
        mean = static_cast<float>(mu);
        var = static_cast<float>(sq / m);
        const float mom = options_.momentum;
        running_mean_[c] = (1.0f - mom) * running_mean_[c] + mom * mean;
        running_var_[c] = (1.0f - mom) * running_var_[c] + mom * static_cast<float>(sq / (m - 1.0));
      } else {
        mean = running_mean_[c];
        var = running_var_[c];
      }
      mean_[c] = mean;
      inv_std_[c] = 1.0f / std::sqrt(var + options_.epsilon);
      // y = γ·(x - μ)/√(σ² + ε) + β  =  x·a + b  with a = γ/√(σ² + ε), b = β - μ·a
      const float a = gamma_[c] * inv_std_[c], b = beta_[c] - mean * a;
      for (std::size_t i = 0; i < n; ++i) {
        const float* in = x.data() + i * stride + c * s;
        float* out = y.data() + i * stride + c * s;
        for (std::size_t j = 0; j < s; ++j) out[j] = in[j] * a + b;
      }
    }
  });
}

// x̂ = (x - μ)·inv_std
// dβ = Σ dy,  dγ = Σ dy·x̂                                          (over the M values)
// training (μ, σ² depend on x):  dx = γ·inv_std·(dy - dβ/M - x̂·dγ/M)
// inference (μ, σ² constants):   dx = γ·inv_std·dy
void BatchNorm::backward(const Tensor& x, const Tensor&, const Tensor& dy, Tensor& dx, bool need_dx) {
  const std::size_t n = x.rows(), c_count = channels_, s = spatial_, stride = c_count * s;
  if (need_dx) dx.resize(x.shape());
  parallel_for(c_count, [&](std::size_t begin, std::size_t end) {
    for (std::size_t c = begin; c < end; ++c) {
      const float mu = mean_[c], inv_std = inv_std_[c];
      double d_beta = 0.0, d_gamma = 0.0;
      for (std::size_t i = 0; i < n; ++i) {
        const float* in = x.data() + i * stride + c * s;
        const float* g = dy.data() + i * stride + c * s;
        for (std::size_t j = 0; j < s; ++j) {
          d_beta += g[j];
          d_gamma += static_cast<double>(g[j]) * ((in[j] - mu) * inv_std);
        }
      }
      beta_grad_[c] = static_cast<float>(d_beta);
      gamma_grad_[c] = static_cast<float>(d_gamma);
      if (!need_dx) continue;
      const float scale = gamma_[c] * inv_std;
      const float m = static_cast<float>(n * s);
      const float mean_dy = batch_statistics_ ? static_cast<float>(d_beta) / m : 0.0f;
      const float mean_dy_xhat = batch_statistics_ ? static_cast<float>(d_gamma) / m : 0.0f;
      for (std::size_t i = 0; i < n; ++i) {
        const float* in = x.data() + i * stride + c * s;
        const float* g = dy.data() + i * stride + c * s;
        float* out = dx.data() + i * stride + c * s;
        for (std::size_t j = 0; j < s; ++j)
          out[j] = scale * (g[j] - mean_dy - (in[j] - mu) * inv_std * mean_dy_xhat);
      }
    }
  });
}

nlohmann::json BatchNorm::config() const {
  return {{"type", "batchnorm"}, {"momentum", options_.momentum}, {"epsilon", options_.epsilon}};
}

}  // namespace nnfs
