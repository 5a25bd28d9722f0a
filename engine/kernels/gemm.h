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
// same fixed order whatever the partition of M and N among threads. They may differ from
// gemm_ref() in the last bits (float accumulation with FMA, K split into blocks), and between
// instruction-set paths.
//
// How gemm() is built (details next to the code):
//   gemm.cpp          driver: picks the ISA path, the orientation, the thread partition of C and
//                     the K/N blocks, then runs the packed, blocked loops on each thread;
//   gemm_avx512.cpp   12x32 micro-tiles (24 zmm accumulators), 16x16 register transposes in packing;
//   gemm_avx2.cpp     6x16 micro-tiles (12 ymm accumulators);
//   gemm_scalar.cpp   portable C++ 4x8 micro-tiles, for CPUs without AVX2/FMA;
//   gemm_isa.h        the interface between the driver and those back ends.
// The path is chosen at run time from CPUID; NNFS_ISA=scalar|avx2|avx512 in the environment or
// gemm_force_isa() override it. Threads: engine/core/parallel.h (set_num_threads); products
// under ~1.5 MFLOP run on the calling thread. gemm() may be called from several threads at once.
// It allocates nothing per call once its thread-local packing buffers have grown to the
// shapes in use. A null operand or a leading dimension shorter than its row throws nnfs::Error.
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

// Optional fused epilogue, applied to each output tile while it is still in registers:
//   C = relu?( alpha * op(A)·op(B) + beta * C + bias )
// bias: nullptr, or length n added to every row (bias[j], a Dense layer's y[N,K] = x·W + b[K]),
// or with bias_per_row length m added to every column (bias[i], e.g. conv output [C_out, H*W]).
// relu: out = max(out, 0); a NaN stays NaN. gemm(args) is gemm_fused(args, {}).
struct GemmEpilogue {
  const float* bias = nullptr;
  bool bias_per_row = false;
  bool relu = false;
};
void gemm_fused(const GemmArgs& args, const GemmEpilogue& epilogue);

// Instruction-set paths of gemm(). Auto = the best the CPU supports, unless the environment
// variable NNFS_ISA (scalar, avx2, avx512) names another available one.
enum class GemmIsa { Auto, Scalar, Avx2, Avx512 };
bool gemm_isa_available(GemmIsa isa);  // compiled in and supported by this CPU (Auto: true)
// Forces the path for every later gemm() call in the process (tests, benchmarks); Auto restores
// the default. Throws nnfs::Error if the path is not available. Not meant to be called while
// another thread is inside gemm().
void gemm_force_isa(GemmIsa isa);
GemmIsa gemm_active_isa();  // the path gemm() uses now (never Auto)
const char* gemm_isa_name(GemmIsa isa);  // "auto", "scalar", "avx2", "avx512"

// Convenience for contiguous operands: C = op(A)·op(B) (+ C when accumulate).
void matmul(const float* a, Trans ta, const float* b, Trans tb, float* c, std::size_t m,
            std::size_t n, std::size_t k, bool accumulate = false);

}  // namespace nnfs
