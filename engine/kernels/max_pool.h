// max_pool: the 2x2, stride-2 max-pool of one plane, forward and backward — the window of nearly
// every CNN, so it gets its own loops: portable ones (max_pool.cpp) and AVX-512 ones
// (max_pool_avx512.cpp, taken where the engine runs its AVX-512 path). The compiler's own
// vectorisation of the portable loops was slower than plain code (measured), hence intrinsics.
// Max and a multiply by 0 or 1 are exact, so every path gives the same bits.
#pragma once

#include <cstddef>

namespace nnfs {

// y[oy, ox] = max(x[2oy, 2ox], x[2oy, 2ox + 1], x[2oy + 1, 2ox], x[2oy + 1, 2ox + 1]) for the
// ho x wo outputs of an h x w plane (h >= 2·ho, w >= 2·wo; a last odd row or column is not
// covered). Each max keeps its first operand unless the second is larger (std::max), so a NaN
// in the first place stays.
void max_pool_2x2(const float* x, std::size_t w, std::size_t ho, std::size_t wo, float* y);

// dx at each window's winner = dy[oy, ox], the other three pixels of the window = 0. The winner
// is the first of the window's pixels (row by row) equal to y — the one the forward picked —
// or the first pixel when none is (a NaN). Pixels no window covers are left alone.
void max_pool_2x2_backward(const float* x, const float* y, const float* dy, std::size_t w, std::size_t ho,
                           std::size_t wo, float* dx);

}  // namespace nnfs
