// The 2-D convolution by its definition, as direct loops in double precision: the oracle every
// fast path (im2col + GEMM, DirectConv) is tested against. Never optimised.
//
//   y[co, oy, ox] = b[co] + Σ_{c,ky,kx} W[co, c, ky, kx] · x[c, oy·S - P + ky, ox·S - P + kx]
//
// and its gradients for one sample, given dy = dL/dy [CO, HO, WO]:
//
//   dx[c, iy, ix]     = Σ over every (co, oy, ox, ky, kx) that read x[c, iy, ix] of W[co, c, ky, kx] · dy[co, oy, ox]
//   dW[co, c, ky, kx] = Σ_{oy,ox} dy[co, oy, ox] · x[c, oy·S - P + ky, ox·S - P + kx]
//   db[co]            = Σ_{oy,ox} dy[co, oy, ox]
//
// (x is zero outside the image, so padded taps add nothing.)
#pragma once

#include <cstddef>

#include "engine/kernels/im2col.h"  // ConvGeometry

namespace nnfs {

// y[CO, HO, WO] for one sample x[C, H, W]; bias may be null.
void conv2d_reference(const ConvGeometry& g, std::size_t out_channels, const float* x,
                      const float* weight, const float* bias, float* y);

// dx[C, H, W], dweight[CO, C·KH·KW] and dbias[CO] of one sample, all overwritten.
void conv2d_backward_reference(const ConvGeometry& g, std::size_t out_channels, const float* x,
                               const float* weight, const float* dy, float* dx, float* dweight,
                               float* dbias);

}  // namespace nnfs
