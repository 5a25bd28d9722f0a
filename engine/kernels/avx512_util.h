// Small AVX-512 helpers shared by the AVX-512 back ends (gemm_avx512.cpp, conv_avx512.cpp).
//
// Include only from translation units compiled with the AVX-512 flags (see CMakeLists.txt), before
// any other header that reads <immintrin.h>.
// Everything here is `static`: each such file gets its own copy, so no AVX-512 code can be
// picked by the linker for a caller compiled for a plainer CPU (see gemm_isa.h).
#pragma once

// GCC 12 warns about its own _mm512_undefined_ps() (self-initialised on purpose) wherever a
// masked intrinsic or a shuffle is inlined; the warning is about the header, not our code, and
// must be silenced before <immintrin.h> is read.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif
#include <immintrin.h>

#include <cstddef>

namespace nnfs::avx512 {

// Mask of the first n lanes (n >= 16: all).
static inline __mmask16 lanes(std::size_t n) {
  return n >= 16 ? static_cast<__mmask16>(0xffff) : static_cast<__mmask16>((1u << n) - 1u);
}

// In-register transpose of a 16x16 block: r[i] lane j  ->  r[j] lane i.
//   stage 1 (unpack lo/hi):   pairs of rows interleaved per 128-bit lane
//   stage 2 (shuffle_ps):     each 128-bit lane L of u[4G+e] = rows 4G..4G+3 of column 4L+e
//   stage 3-4 (shuffle_f32x4): a 4x4 transpose of 128-bit lanes across u[e], u[4+e], u[8+e], u[12+e]
static inline void transpose16(__m512 (&r)[16]) {
  __m512 t[16];
  for (int i = 0; i < 8; ++i) {
    t[2 * i] = _mm512_unpacklo_ps(r[2 * i], r[2 * i + 1]);
    t[2 * i + 1] = _mm512_unpackhi_ps(r[2 * i], r[2 * i + 1]);
  }
  __m512 u[16];
  for (int g = 0; g < 4; ++g) {
    u[4 * g + 0] = _mm512_shuffle_ps(t[4 * g], t[4 * g + 2], _MM_SHUFFLE(1, 0, 1, 0));
    u[4 * g + 1] = _mm512_shuffle_ps(t[4 * g], t[4 * g + 2], _MM_SHUFFLE(3, 2, 3, 2));
    u[4 * g + 2] = _mm512_shuffle_ps(t[4 * g + 1], t[4 * g + 3], _MM_SHUFFLE(1, 0, 1, 0));
    u[4 * g + 3] = _mm512_shuffle_ps(t[4 * g + 1], t[4 * g + 3], _MM_SHUFFLE(3, 2, 3, 2));
  }
  for (int e = 0; e < 4; ++e) {
    const __m512 v0 = _mm512_shuffle_f32x4(u[e], u[4 + e], _MM_SHUFFLE(2, 0, 2, 0));
    const __m512 v1 = _mm512_shuffle_f32x4(u[e], u[4 + e], _MM_SHUFFLE(3, 1, 3, 1));
    const __m512 v2 = _mm512_shuffle_f32x4(u[8 + e], u[12 + e], _MM_SHUFFLE(2, 0, 2, 0));
    const __m512 v3 = _mm512_shuffle_f32x4(u[8 + e], u[12 + e], _MM_SHUFFLE(3, 1, 3, 1));
    r[e] = _mm512_shuffle_f32x4(v0, v2, _MM_SHUFFLE(2, 0, 2, 0));
    r[4 + e] = _mm512_shuffle_f32x4(v1, v3, _MM_SHUFFLE(2, 0, 2, 0));
    r[8 + e] = _mm512_shuffle_f32x4(v0, v2, _MM_SHUFFLE(3, 1, 3, 1));
    r[12 + e] = _mm512_shuffle_f32x4(v1, v3, _MM_SHUFFLE(3, 1, 3, 1));
  }
}

// Loads `rows` rows of up to 16 contiguous floats (lane mask `m`) at src + i*ld; rows beyond
// `rows` are zero.
static inline void load_rows(__m512 (&r)[16], const float* src, std::size_t ld, std::size_t rows,
                             __mmask16 m) {
  for (std::size_t i = 0; i < 16; ++i)
    r[i] = i < rows ? _mm512_maskz_loadu_ps(m, src + i * ld) : _mm512_setzero_ps();
}

}  // namespace nnfs::avx512
