// Categorical cross-entropy: L = -(1/N) Σₙ Σₖ yₙₖ·ln p̂ₙₖ   (p̂ clipped to [1e-7, 1-1e-7])
//   backward (standalone): ∂L/∂p̂ₙₖ = -yₙₖ / p̂ₙₖ / N
//   fused with a preceding softmax: ∂L/∂zₙₖ = (pₙₖ - yₙₖ) / N    (z = logits)
// The fused form is what training uses when a model ends in Softmax: it is cheaper and exact
// where the chained form divides by tiny probabilities.
#pragma once

#include "engine/losses/loss.h"

namespace nnfs {

class CategoricalCrossEntropy : public Loss {
 public:
  std::string type() const override { return "categorical_crossentropy"; }
  double forward(const Tensor& pred, const Targets& targets) const override;
  void backward(const Tensor& pred, const Targets& targets, Tensor& dpred) const override;
};

// dlogits[N,K] = (probs - onehot) / N. Returns the mean loss of the same batch (one pass).
double softmax_cross_entropy_backward(const Tensor& probs, const Targets& targets, Tensor& dlogits);

}  // namespace nnfs
