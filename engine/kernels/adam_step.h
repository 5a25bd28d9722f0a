// The loop of one Adam(W) step over a flat parameter arena, vectorised (AVX-512, AVX2 or scalar:
// the path gemm_active_isa() names) and split over the engine's threads. Adam's rule and where
// these coefficients come from: engine/optim/adam.h. This kernel computes, per element:
//
//   m ← β₁·m + (1-β₁)·g            v ← β₂·v + (1-β₂)·g·g
//   w ← w - (lr·(m·r₁) / (√(v·r₂) + ε) + decay·w)        r₁ = 1/(1-β₁ᵗ), r₂ = 1/(1-β₂ᵗ)
//
// Every path does the same IEEE operations in the same order (no FMA contraction), so the
// result depends neither on the instruction set nor on the thread count.
#pragma once

#include <cstddef>

namespace nnfs {

struct AdamCoefficients {
  float beta1, beta2, eps;
  float lr;
  float r1, r2;    // bias corrections, as reciprocals
  float decay;     // AdamW's lr·λ, 0 for Adam
};

void adam_step(float* w, const float* g, float* m, float* v, std::size_t n, const AdamCoefficients& k);

}  // namespace nnfs
