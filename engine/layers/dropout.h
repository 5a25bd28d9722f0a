// Inverted dropout: in training each unit is kept with probability q = 1 - rate and scaled by
// 1/q, so the expected activation is unchanged and inference is the identity.
//   training:  m_i ~ Bernoulli(q) / q,  y = x ⊙ m,  dx = dy ⊙ m
//   inference: y = x
#pragma once

#include <vector>

#include "engine/layers/layer.h"

namespace nnfs {

// The pass's mask m, kept for backward.
struct DropoutScratch : LayerScratch {
  std::vector<float> mask;  // [N·features], values 0 or 1/q
  bool masked = false;      // the last forward applied the mask (training with rate > 0)
  bool fixed = false;       // tests freeze the mask for gradient checks: forward keeps it
};

class Dropout : public Layer {
 public:
  explicit Dropout(float rate);

  std::string type() const override { return "dropout"; }
  Shape build(const Shape& input, const std::string&, ParamArena&) override;
  std::unique_ptr<LayerScratch> make_scratch(std::size_t batch) const override;
  void forward(const Tensor& x, Tensor& y, const ForwardContext& ctx) const override;
  void backward(const Tensor& x, const Tensor& y, const Tensor& dy, Tensor& dx,
                const BackwardContext& ctx) const override;
  nlohmann::json config() const override { return {{"type", "dropout"}, {"rate", rate_}}; }

  float rate() const { return rate_; }

 private:
  float rate_;
  std::size_t features_ = 0;  // per sample
};

}  // namespace nnfs
