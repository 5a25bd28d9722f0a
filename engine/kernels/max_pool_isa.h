// Internal interface between max_pool.cpp (portable loops, dispatch) and max_pool_avx512.cpp.
// Plain declarations only (see gemm_isa.h for why).
#pragma once

#include <cstddef>

namespace nnfs::pool_detail {

struct MaxPoolKernels {
  void (*forward)(const float* x, std::size_t w, std::size_t ho, std::size_t wo, float* y);
  void (*backward)(const float* x, const float* y, const float* dy, std::size_t w, std::size_t ho, std::size_t wo,
                   float* dx);
};

// nullptr when the back end was not compiled in (non-x86 builds).
extern const MaxPoolKernels* const kMaxPoolAvx512;

}  // namespace nnfs::pool_detail
