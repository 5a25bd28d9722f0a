// Batch normalisation: each channel normalised by statistics of the batch while training and by
// running averages of them at inference.
//
// Channels: a sample [C, H, W] has C channels of H·W values (statistics over N·H·W values);
// any other sample shape [D...] has one channel per value (statistics over N values).
//
//   training:  μ = mean(x),  σ² = mean((x - μ)²)        per channel, over M values
//              x̂ = (x - μ) / √(σ² + ε),  y = γ·x̂ + β
//              then, in update_buffers (the network's one change besides the optimizer's):
//              running_mean ← (1 - m)·running_mean + m·μ
//              running_var  ← (1 - m)·running_var  + m·σ²·M/(M - 1)   (unbiased, as PyTorch)
//   inference: the same with μ, σ² = running_mean, running_var
//
// γ ("weight") and β ("bias") are trainable; running_mean and running_var are buffers: saved in
// the model file, never touched by an optimizer.
#pragma once

#include <vector>

#include "engine/layers/layer.h"

namespace nnfs {

// The statistics a forward pass normalised with, kept for backward and update_buffers.
struct BatchNormScratch : LayerScratch {
  std::vector<float> mean, inv_std;  // [C] μ and 1/√(σ² + ε)
  std::vector<float> unbiased_var;   // [C] σ²·M/(M - 1) of a training pass
  bool batch_statistics = false;     // the pass used the batch's statistics (training)
  // σ² back from inv_std: the batch's biased variance in training, the running one at inference.
  std::vector<float> variance(float epsilon) const;
};

struct BatchNormOptions {
  float momentum = 0.1f;  // m
  float epsilon = 1e-5f;  // ε
};

class BatchNorm : public Layer {
 public:
  explicit BatchNorm(BatchNormOptions options = {});

  std::string type() const override { return "batchnorm"; }
  Shape build(const Shape& input, const std::string& prefix, ParamArena& arena) override;
  void build_buffers(const std::string& prefix, ParamArena& buffers) override;
  void bind(ParamArena& arena) override;
  void bind_buffers(ParamArena& buffers) override;
  void init(Rng& rng) override;
  std::unique_ptr<LayerScratch> make_scratch(std::size_t batch) const override;
  void forward(const Tensor& x, Tensor& y, const ForwardContext& ctx) const override;
  void backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor& dx,
                const BackwardContext& ctx) const override;
  void update_buffers(const LayerScratch* scratch) override;
  nlohmann::json config() const override;

  const BatchNormOptions& options() const { return options_; }
  std::size_t channels() const { return channels_; }
  float* running_mean() { return running_mean_; }
  float* running_var() { return running_var_; }

 private:
  BatchNormOptions options_;
  std::size_t channels_ = 0;              // C
  std::size_t spatial_ = 1;               // H·W (1 for non-image samples)
  std::size_t gamma_index_ = 0, beta_index_ = 0, mean_index_ = 0, var_index_ = 0;
  float* gamma_ = nullptr;                // γ [C]
  float* beta_ = nullptr;                 // β [C]
  std::size_t gamma_offset_ = 0;          // dγ [C] and dβ [C] in the gradient array
  std::size_t beta_offset_ = 0;
  float* running_mean_ = nullptr;         // [C] buffer
  float* running_var_ = nullptr;          // [C] buffer

  // y = x·a + b for channel c: a = γ/√(σ² + ε), b = β - μ·a (forward and the fused ReLU's gate)
  float scale_of(std::size_t c, float inv_std) const { return gamma_[c] * inv_std; }
  float shift_of(std::size_t c, float mean, float a) const { return beta_[c] - mean * a; }
};

}  // namespace nnfs
