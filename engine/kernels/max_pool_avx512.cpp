// The 2x2 max-pool for AVX-512 (max_pool.h has the contract). Compiled with per-file -mavx512*
// flags (see CMakeLists.txt); internal linkage only.
//
// 16 windows of a row at a time: their 32 columns come in as two 16-float loads per image row,
// split into even and odd columns by one two-source permute each; the backward pass interleaves
// its per-pixel results back into image rows the same way. Masks cover the last, partial group
// (MNIST's 14- and 7-wide outputs are one partial group).
#include "engine/kernels/max_pool_isa.h"

#if defined(__x86_64__) && defined(__AVX512F__) && defined(__AVX512VL__) && \
    defined(__AVX512BW__) && defined(__AVX512DQ__) && defined(__FMA__)

#include "engine/kernels/avx512_util.h"

namespace nnfs::pool_detail {

namespace {

using avx512::lanes;

// Lanes (even, odd) columns of 2n consecutive values at p: p[2t], p[2t + 1] for t < n.
struct Pairs {
  __m512 even, odd;
};

inline Pairs pairs(const float* p, std::size_t n) {
  const __m512i even = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
  const __m512i odd = _mm512_setr_epi32(1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31);
  const __m512 lo = _mm512_maskz_loadu_ps(lanes(2 * n), p);
  const __m512 hi = _mm512_maskz_loadu_ps(n > 8 ? lanes(2 * n - 16) : 0, p + 16);
  return {_mm512_permutex2var_ps(lo, even, hi), _mm512_permutex2var_ps(lo, odd, hi)};
}

// std::max(a, b) = a < b ? b : a. MAXPS(s1, s2) = s1 > s2 ? s1 : s2, so it is MAXPS(b, a):
// the same result for NaNs and signed zeros.
inline __m512 std_max(__m512 a, __m512 b) { return _mm512_max_ps(b, a); }

void forward(const float* x, std::size_t w, std::size_t ho, std::size_t wo, float* y) {
  for (std::size_t oy = 0; oy < ho; ++oy) {
    const float* r0 = x + 2 * oy * w;
    const float* r1 = r0 + w;
    for (std::size_t ox = 0; ox < wo; ox += 16) {
      const std::size_t n = wo - ox < 16 ? wo - ox : 16;
      const Pairs a = pairs(r0 + 2 * ox, n), b = pairs(r1 + 2 * ox, n);
      _mm512_mask_storeu_ps(y + oy * wo + ox, lanes(n), std_max(std_max(a.even, a.odd), std_max(b.even, b.odd)));
    }
  }
}

// Writes 2n values p[2t] = u[t], p[2t + 1] = v[t].
inline void interleave_store(float* p, std::size_t n, __m512 u, __m512 v) {
  const __m512i lo = _mm512_setr_epi32(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
  const __m512i hi = _mm512_setr_epi32(8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
  _mm512_mask_storeu_ps(p, lanes(2 * n), _mm512_permutex2var_ps(u, lo, v));
  if (n > 8) _mm512_mask_storeu_ps(p + 16, lanes(2 * n - 16), _mm512_permutex2var_ps(u, hi, v));
}

// The portable loop's flags as masks; a pixel's value is g·1 (= g) where it wins, g·0 elsewhere,
// so signed zeros and NaNs come out as there.
void backward(const float* x, const float* y, const float* dy, std::size_t w, std::size_t ho, std::size_t wo,
              float* dx) {
  const __m512 zero = _mm512_setzero_ps();
  for (std::size_t oy = 0; oy < ho; ++oy) {
    const float* r0 = x + 2 * oy * w;
    const float* r1 = r0 + w;
    float* d0 = dx + 2 * oy * w;
    float* d1 = d0 + w;
    for (std::size_t ox = 0; ox < wo; ox += 16) {
      const std::size_t n = wo - ox < 16 ? wo - ox : 16;
      const Pairs a = pairs(r0 + 2 * ox, n), b = pairs(r1 + 2 * ox, n);
      const __m512 m = _mm512_maskz_loadu_ps(lanes(n), y + oy * wo + ox);
      const __m512 g = _mm512_maskz_loadu_ps(lanes(n), dy + oy * wo + ox);
      const __mmask16 ea = _mm512_cmp_ps_mask(a.even, m, _CMP_EQ_OQ), eb = _mm512_cmp_ps_mask(a.odd, m, _CMP_EQ_OQ);
      const __mmask16 ec = _mm512_cmp_ps_mask(b.even, m, _CMP_EQ_OQ), ed = _mm512_cmp_ps_mask(b.odd, m, _CMP_EQ_OQ);
      const auto ta = static_cast<__mmask16>(ea | ~(eb | ec | ed));  // none equal (NaN): the first
      const auto tb = static_cast<__mmask16>(~ta & eb), tc = static_cast<__mmask16>(~ta & ~eb & ec);
      const auto td = static_cast<__mmask16>(~(ta | eb | ec));
      const __m512 lost = _mm512_mul_ps(g, zero);
      interleave_store(d0 + 2 * ox, n, _mm512_mask_mov_ps(lost, ta, g), _mm512_mask_mov_ps(lost, tb, g));
      interleave_store(d1 + 2 * ox, n, _mm512_mask_mov_ps(lost, tc, g), _mm512_mask_mov_ps(lost, td, g));
    }
  }
}

constexpr MaxPoolKernels kKernels = {&forward, &backward};

}  // namespace

const MaxPoolKernels* const kMaxPoolAvx512 = &kKernels;

}  // namespace nnfs::pool_detail

#else

namespace nnfs::pool_detail {
const MaxPoolKernels* const kMaxPoolAvx512 = nullptr;
}  // namespace nnfs::pool_detail

#endif
