// dot_rows: C = A·Bᵀ computed as one dot product per output element, for the case the GEMM
// handles badly — few columns of C and a long shared dimension. Conv2D's weight gradient
// dW = dy·colsᵀ of a narrow window is that case (the first layer's 3x3 window on one channel:
// n = 9 columns, k = 784 pixels): the GEMM would transpose-pack the long P dimension and fill 9
// of 16 vector lanes.
//
//   c[i, j] = (accumulate ? c[i, j] : 0) + Σ_{p<k} a[i, p]·b[j, p]
//   a [M, K], b [N, K], c [M, N], all row-major and dense
//
// Order of the sum, fixed for a given k (so the result depends neither on the thread count nor on
// how the caller splits M): 16 interleaved partial sums over p in blocks of 16, the tail p ≥
// 16·⌊k/16⌋ added in order to a scalar, then the 16 partial sums in lane order. The vector path
// is compiled for AVX-512, AVX2 and plain x86-64 and chosen at load time; a compiler may fuse the
// multiply-adds into FMAs on the wider paths, so two CPUs of different ISAs may differ in the
// last bit. dot_rows_reference is the plain double-precision loop the tests compare with.
#pragma once

#include <cstddef>

namespace nnfs {

void dot_rows(const float* a, const float* b, std::size_t m, std::size_t n, std::size_t k, bool accumulate,
              float* c);

// Σ_{p<n} row[p] in the same order as dot_rows (16 interleaved partial sums, then the tail, then
// the lanes in order).
float lane_sum(const float* row, std::size_t n);

// The oracle: the same definition as nested loops in double, never optimised.
void dot_rows_reference(const float* a, const float* b, std::size_t m, std::size_t n, std::size_t k,
                        bool accumulate, float* c);

}  // namespace nnfs
