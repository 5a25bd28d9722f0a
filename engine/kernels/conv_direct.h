// DirectConv: stride-1 2-D convolutions, forward and backward, without an im2col copy
// ("shifted planes", an implicit GEMM) and with AVX-512 register blocking.
//
// Shifted planes. Pad the input x[C, H, W] once: P rows of zeros above and below, and P zero
// columns before every row, the right-hand padding of a row being the left-hand padding of the
// next (rows are Wp = W + P apart). In that buffer xp, the window tap t = (c, ky, kx) of output
// pixel (oy, ox) is xp[off(t) + q] with off(t) = c·plane + ky·Wp + kx and q = oy·Wp + ox. So
//
//   y[co, q] = b[co] + Σ_t Wᵀ[t, co] · xp[off(t) + q]          t = (c, ky, kx), C·KH·KW taps
//
// is a matrix product whose right operand's row t is the padded input read at a shift: the
// kernel loads it straight from xp (no patch matrix is built). q runs over HO rows of Wp
// values, of which the first WO are outputs and the rest junk (KW - 1 - P per row: 1 of 29 for
// a 28x28 image with a 3x3 window, padding 1); junk lanes are computed and never stored.
//
// Input gradient. For stride 1, dL/dx is a convolution of dy with padding P' = K - 1 - P and
// the weights flipped in both spatial directions and transposed in the channels:
//
//   dx[c, iy, ix] = Σ_{co,ky,kx} W'[c, co, ky, kx] · dy[co, iy - P' + ky, ix - P' + kx]
//   W'[c, co, ky, kx] = W[co, c, KH-1-ky, KW-1-kx]
//
// so it runs the same kernel on the shifted planes of dy.
//
// Weight gradient. dW[co, t] = Σ_{oy<HO, ox<WO} dy[co, oy, ox] · xp[off(t) + oy·Wp + ox],
// computed as dWᵀ[t, co] with the output channels along the vectors (dy transposed to
// [HO·WO, CO], channels padded to ldt = a multiple of 16) and x broadcast: every element is a
// running sum over the sample's pixels in order (no horizontal sums), accumulated over the
// samples the caller passes in turn.
//
// All three run on one thread per call (the layer runs samples in parallel) and their results
// do not depend on how many threads run other samples. Scratch buffers are per thread and grow
// once. The AVX-512 code is in conv_avx512.cpp (the loops, the register tiles and why they
// have that shape), the interface in conv_isa.h.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "engine/kernels/conv_isa.h"
#include "engine/kernels/im2col.h"

namespace nnfs {

class DirectConv {
 public:
  // True when DirectConv runs geometry g here: stride 1, padding at most the window minus one
  // in each direction (so the input gradient is a convolution of the same kind), and the
  // AVX-512 GEMM path active (gemm_active_isa(): NNFS_ISA and gemm_force_isa decide for the
  // convolutions too, so one setting picks every kernel of a run).
  static bool applies(const ConvGeometry& g);

  DirectConv() = default;
  // Plans both passes for g with `out_channels` filters. Requires the geometry part of applies().
  DirectConv(const ConvGeometry& g, std::size_t out_channels);

  std::size_t packed_size() const { return taps_ * co_; }  // floats of packed weights
  // A[t, co] = W[co, t]                              for forward()  (in panels, conv_isa.h)
  void pack_forward(const float* weight, float* a) const;
  // A[(co, ky, kx), c] = W[co, c, KH-1-ky, KW-1-kx]  for input_grad()
  void pack_input_grad(const float* weight, float* a) const;

  // One sample each. y[CO, HO, WO] = relu?(W ⋆ x + b), bias may be null.
  void forward(const float* a, const float* x, const float* bias, bool relu, float* y) const;
  // dx[C, H, W] = W' ⋆ dy (overwritten).
  void input_grad(const float* a, const float* dy, float* dx) const;
  // dwt[C·KH·KW, ldt] = (accumulate ? dwt : 0) + dWᵀ of this sample; columns >= CO stay 0.
  void weight_grad(const float* x, const float* dy, bool accumulate, float* dwt) const;
  std::size_t dwt_stride() const { return ldt_; }  // ldt: CO rounded up to 16

 private:
  // One pass's plan: its input planes, taps and where each output vector is stored.
  struct Pass {
    conv_detail::Planes planes{};
    std::size_t m = 0, ho = 0, wo = 0, nvec = 0;
    std::vector<std::int32_t> off;
    std::vector<conv_detail::StoreSegment> seg;
    std::vector<std::uint32_t> seg_begin;
  };
  static Pass plan(std::size_t channels, std::size_t h, std::size_t w, std::size_t pad_h, std::size_t pad_w,
                   std::size_t kh, std::size_t kw, std::size_t m);
  void run(const Pass& pass, const float* a, const float* x, const float* bias, bool relu, float* y) const;

  ConvGeometry g_{};
  std::size_t co_ = 0, taps_ = 0, ldt_ = 0;
  Pass forward_, input_grad_;  // on x (also the weight gradient's) / on dy
};

}  // namespace nnfs
