// The machine's FP32 FMA peak, measured: the ceiling the GEMM table's "% of peak" refers to.
#pragma once

#include "engine/kernels/gemm.h"

namespace nnfs_bench {

// GFLOP/s of `threads` threads each running independent chains of fused multiply-adds in
// registers with the vectors of `isa` (avx512: 16 floats, avx2: 8); best of a few trials of
// ~0.1 s. 0 for the scalar path (no FMA peak to speak of).
double measure_fma_peak(nnfs::GemmIsa isa, int threads);

}  // namespace nnfs_bench
