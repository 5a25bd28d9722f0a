// A reusable finite-difference gradient checker.
//
// For a layer y = f(x; θ) the checker uses the scalar L = Σᵢ rᵢ·yᵢ with a fixed random r, so
// dL/dy = r. It runs the layer's backward with dy = r and compares every analytic gradient
// (dx and each parameter tensor) with central differences
//     ∂L/∂u ≈ (L(u + h) - L(u - h)) / 2h
// accumulated in double precision, at up to `samples` random indices per tensor. Inputs are
// nudged away from kinks (|x| < kink_margin) so ReLU-like functions are differentiable there.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "engine/core/tensor.h"
#include "engine/layers/layer.h"
#include "engine/losses/loss.h"

namespace nnfs::test {

struct GradCheckOptions {
  double h = 1e-2;        // float forward passes: a larger h keeps rounding noise small
  double tolerance = 1e-2;      // |analytic - numeric| <= tolerance · max(|analytic|, |numeric|, 0.01)
  std::size_t samples = 40;     // indices checked per tensor
  float kink_margin = 0.05f;
  std::uint64_t seed = 7;
};

struct GradCheckReport {
  bool ok = true;
  double worst = 0.0;           // worst normalised error
  std::string detail;           // where the worst error was
};

// Builds `layer` for per-sample shape `input` with batch `batch`, fills inputs and parameters
// with random values, and checks dx and all parameter gradients. `setup` may change the layer's
// per-pass state before the first pass (a dropout mask to freeze).
GradCheckReport check_layer(Layer& layer, const Shape& input, std::size_t batch,
                            const GradCheckOptions& options = {}, bool training = false,
                            const std::function<void(LayerScratch&)>& setup = {});

// Checks loss.backward against differences of loss.forward at random predictions `pred`.
GradCheckReport check_loss(const Loss& loss, Tensor pred, const Targets& targets,
                           const GradCheckOptions& options = {});

// Generic: compares `analytic` with central differences of `f` w.r.t. `u`.
GradCheckReport check_gradient(const std::function<double()>& f, float* u, const float* analytic,
                               std::size_t count, const std::string& name,
                               const GradCheckOptions& options);

}  // namespace nnfs::test
