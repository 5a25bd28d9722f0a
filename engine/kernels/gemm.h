// GEMM contract: the one matrix-multiply interface every layer uses.
//
//   C[M,N] = alpha * op(A)[M,K] * op(B)[K,N] + beta * C[M,N]        (row-major storage)
//
// op(X) is X or Xᵀ (trans_a / trans_b); lda, ldb, ldc are the row strides of the matrices as
// stored, so a transposed operand is read in place, never materialised. beta == 0 means C is
// write-only (its old contents, even NaN, are ignored).
//
// gemm() is the fast kernel; gemm_ref() is the naive triple loop kept forever as the test oracle.
// Results of gemm() do not depend on the thread count: each C element is reduced over K in the
// same fixed order whatever the partition of M and N among threads.
#pragma once

#include <cstddef>

namespace nnfs {

enum class Trans { No, Yes };

struct GemmArgs {
  Trans trans_a = Trans::No, trans_b = Trans::No;
  std::size_t m = 0, n = 0, k = 0;
  float alpha = 1.0f;
  const float* a = nullptr; std::size_t lda = 0;
  const float* b = nullptr; std::size_t ldb = 0;
  float beta = 0.0f;
  float* c = nullptr; std::size_t ldc = 0;
};

void gemm(const GemmArgs& args);
void gemm_ref(const GemmArgs& args);

// Convenience for contiguous operands: C = op(A)·op(B) (+ C when accumulate).
void matmul(const float* a, Trans ta, const float* b, Trans tb, float* c, std::size_t m,
            std::size_t n, std::size_t k, bool accumulate = false);

}  // namespace nnfs
