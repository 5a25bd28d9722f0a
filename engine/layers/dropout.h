// Inverted dropout: in training each unit is kept with probability q = 1 - rate and scaled by
// 1/q, so the expected activation is unchanged and inference is the identity.
//   training:  m_i ~ Bernoulli(q) / q,  y = x ⊙ m,  dx = dy ⊙ m
//   inference: y = x
#pragma once

#include <vector>

#include "engine/layers/layer.h"

namespace nnfs {

class Dropout : public Layer {
 public:
  explicit Dropout(float rate);

  std::string type() const override { return "dropout"; }
  Shape build(const Shape& input, const std::string&, ParamArena&) override { return input; }
  void forward(const Tensor& x, Tensor& y, const ForwardContext& ctx) override;
  void backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor& dx,
                bool need_dx) override;
  nlohmann::json config() const override { return {{"type", "dropout"}, {"rate", rate_}}; }

  float rate() const { return rate_; }
  // For tests: the scaled mask of the last training forward pass.
  const std::vector<float>& mask() const { return mask_; }
  void set_mask(std::vector<float> mask) { mask_ = std::move(mask); fixed_mask_ = true; }

 private:
  float rate_;
  std::vector<float> mask_;  // [N·features], values 0 or 1/q
  bool fixed_mask_ = false;  // tests freeze the mask for gradient checks
};

}  // namespace nnfs
