// The portable 2x2 max-pool loops and the dispatch to the AVX-512 ones (max_pool_avx512.cpp).
#include "engine/kernels/max_pool.h"

#include <algorithm>

#include "engine/kernels/gemm.h"
#include "engine/kernels/max_pool_isa.h"

namespace nnfs {

namespace {

// The AVX-512 loops where the engine runs its AVX-512 path (gemm_active_isa(), which tests and
// NNFS_ISA may lower), else nullptr.
const pool_detail::MaxPoolKernels* avx512() {
  return pool_detail::kMaxPoolAvx512 != nullptr && gemm_active_isa() == GemmIsa::Avx512 ? pool_detail::kMaxPoolAvx512
                                                                                        : nullptr;
}

}  // namespace

void max_pool_2x2(const float* x, std::size_t w, std::size_t ho, std::size_t wo, float* y) {
  if (const auto* k = avx512()) return k->forward(x, w, ho, wo, y);
  for (std::size_t oy = 0; oy < ho; ++oy) {
    const float* r0 = x + 2 * oy * w;
    const float* r1 = r0 + w;
    for (std::size_t ox = 0; ox < wo; ++ox)
      y[oy * wo + ox] = std::max(std::max(r0[2 * ox], r0[2 * ox + 1]), std::max(r1[2 * ox], r1[2 * ox + 1]));
  }
}

// The winner's flags (ta, tb, tc, td) by bitwise logic, no branches: which pixel wins is data,
// not a pattern a branch predictor learns.
void max_pool_2x2_backward(const float* x, const float* y, const float* dy, std::size_t w, std::size_t ho,
                           std::size_t wo, float* dx) {
  if (const auto* k = avx512()) return k->backward(x, y, dy, w, ho, wo, dx);
  for (std::size_t oy = 0; oy < ho; ++oy) {
    const float* r0 = x + 2 * oy * w;
    const float* r1 = r0 + w;
    float* d0 = dx + 2 * oy * w;
    float* d1 = d0 + w;
    for (std::size_t ox = 0; ox < wo; ++ox) {
      const float m = y[oy * wo + ox], g = dy[oy * wo + ox];
      const int ea = r0[2 * ox] == m, eb = r0[2 * ox + 1] == m, ec = r1[2 * ox] == m, ed = r1[2 * ox + 1] == m;
      const int ta = ea | ((eb | ec | ed) ^ 1);  // none equal (NaN): the first
      const int tb = (ta ^ 1) & eb, tc = (ta ^ 1) & (eb ^ 1) & ec, td = (ta | eb | ec) ^ 1;
      d0[2 * ox] = g * static_cast<float>(ta);
      d0[2 * ox + 1] = g * static_cast<float>(tb);
      d1[2 * ox] = g * static_cast<float>(tc);
      d1[2 * ox + 1] = g * static_cast<float>(td);
    }
  }
}

}  // namespace nnfs
