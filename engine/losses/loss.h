// Loss: the mean data loss over a batch and its gradient with respect to the predictions.
//
// Targets are either sparse class indices (labels, one per sample) or a dense tensor shaped like
// the predictions (one-hot rows, 0/1 outputs for binary cross-entropy, regression values).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "engine/core/tensor.h"

namespace nnfs {

struct Targets {
  std::span<const std::int32_t> labels;  // [N], or empty
  const Tensor* values = nullptr;        // [N, K], or null

  // The target for output j of sample n: one-hot from labels when no dense values are given.
  float at(std::size_t n, std::size_t j, std::size_t cols) const {
    if (values) return (*values)[n * cols + j];
    return static_cast<std::size_t>(labels[n]) == j ? 1.0f : 0.0f;
  }
};

class Loss {
 public:
  virtual ~Loss() = default;
  virtual std::string type() const = 0;
  // Mean loss over the N samples of pred[N, K].
  virtual double forward(const Tensor& pred, const Targets& targets) const = 0;
  // dpred[N, K] = ∂(mean loss)/∂pred.
  virtual void backward(const Tensor& pred, const Targets& targets, Tensor& dpred) const = 0;
};

// "categorical_crossentropy", "binary_crossentropy", "mse", "mae".
std::unique_ptr<Loss> make_loss(const std::string& name);
std::vector<std::string> loss_names();

// Probabilities are clipped to [1e-7, 1 - 1e-7] before log so a confident mistake costs
// -ln(1e-7) ≈ 16.1 instead of infinity (the book's choice).
constexpr float kProbClip = 1e-7f;

}  // namespace nnfs
