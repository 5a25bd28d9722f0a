// The machine's memory bandwidth, measured: the second ceiling of the per-layer roofline
// (bench_layers.cpp). A pass that must read R bytes and write W bytes cannot take less than
// R / read + W / write seconds, however few FLOPs it does.
#pragma once

#include <cstddef>

#include "engine/kernels/gemm.h"

namespace nnfs_bench {

struct Bandwidth {
  double read_gbs = 0.0, write_gbs = 0.0;  // GB/s (1e9 bytes), all threads together
};

// `threads` threads each stream over their own share of `bytes` (so the working set is what a
// layer's tensors of that size occupy): read = summing every float, write = storing every float
// with ordinary stores (write-allocate, as the kernels store). Best of a few trials of ~0.1 s,
// with the vectors of `isa` (avx512: 16 floats, avx2: 8; zero for the scalar path).
Bandwidth measure_bandwidth(nnfs::GemmIsa isa, int threads, std::size_t bytes);

}  // namespace nnfs_bench
