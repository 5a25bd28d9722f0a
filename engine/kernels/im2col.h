// im2col / col2im: the data movement that turns a 2-D convolution into one matrix product.
//
// For one sample x[C, H, W] and a KH x KW window with stride S and zero padding P, output
// pixel (oy, ox) sees input pixel (oy·S - P + ky, ox·S - P + kx). im2col lays every window
// out as a column:
//
//   cols[(c·KH + ky)·KW + kx, oy·WO + ox] = x[c, oy·S - P + ky, ox·S - P + kx]   (0 outside)
//   cols has shape [C·KH·KW, HO·WO]
//
// so the convolution is  y[CO, HO·WO] = Wt[CO, C·KH·KW] · cols  (engine/kernels/gemm.h).
// col2im is its adjoint: it adds every column entry back onto the input pixel it came from,
// which turns dcols = Wtᵀ·dy into dx.
#pragma once

#include <cstddef>

namespace nnfs {

struct ConvGeometry {
  std::size_t c = 1, h = 1, w = 1;          // input channels, height, width
  std::size_t kh = 1, kw = 1;               // window
  std::size_t stride_h = 1, stride_w = 1;
  std::size_t pad_h = 0, pad_w = 0;         // zeros added on each side

  // HO = (H + 2P - KH) / S + 1 (floor), likewise WO; 0 when the window does not fit.
  std::size_t out_h() const;
  std::size_t out_w() const;
  std::size_t patch() const { return c * kh * kw; }           // rows of cols
  std::size_t out_pixels() const { return out_h() * out_w(); }  // columns of cols
  std::size_t in_size() const { return c * h * w; }
};

// cols[patch, HO·WO] from x[C, H, W].
void im2col(const ConvGeometry& g, const float* x, float* cols);
// dx[C, H, W] += the column entries of dcols[patch, HO·WO] at the pixels they were read from.
void col2im_add(const ConvGeometry& g, const float* dcols, float* dx);

// The convolution's definition as direct loops, the oracle of every fast path: conv_ref.h.

}  // namespace nnfs
