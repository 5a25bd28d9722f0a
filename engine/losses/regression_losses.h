// Losses on independent outputs, averaged over the K outputs of a sample, then over N samples:
//
//   binary cross-entropy  L = -(1/NK) Σ [y·ln p̂ + (1-y)·ln(1-p̂)]   ∂L/∂p̂ = -(y/p̂ - (1-y)/(1-p̂)) / NK
//   mean squared error    L =  (1/NK) Σ (y - ŷ)²                     ∂L/∂ŷ = -2(y - ŷ) / NK
//   mean absolute error   L =  (1/NK) Σ |y - ŷ|                      ∂L/∂ŷ = sign(ŷ - y) / NK
//
// With sparse labels, binary cross-entropy reads label n as the 0/1 target of its single output.
#pragma once

#include "engine/losses/loss.h"

namespace nnfs {

class BinaryCrossEntropy : public Loss {
 public:
  std::string type() const override { return "binary_crossentropy"; }
  double forward(const Tensor& pred, const Targets& targets) const override;
  void backward(const Tensor& pred, const Targets& targets, Tensor& dpred) const override;
};

class MeanSquaredError : public Loss {
 public:
  std::string type() const override { return "mse"; }
  double forward(const Tensor& pred, const Targets& targets) const override;
  void backward(const Tensor& pred, const Targets& targets, Tensor& dpred) const override;
};

class MeanAbsoluteError : public Loss {
 public:
  std::string type() const override { return "mae"; }
  double forward(const Tensor& pred, const Targets& targets) const override;
  void backward(const Tensor& pred, const Targets& targets, Tensor& dpred) const override;
};

}  // namespace nnfs
