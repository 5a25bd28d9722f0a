// GEMM back end for AVX2 + FMA. Compiled with per-file -mavx2 -mfma (see CMakeLists.txt) and
// only called after cpu_features() confirmed support. Internal linkage throughout (gemm_isa.h).
//
// Micro-tile: up to 6 rows x 16 columns of C = 6 x 2 ymm accumulators (the classic Haswell
// shape). Per k step: 2 loads of packed B, 6 broadcasts of packed A, 12 FMAs; 12 accumulators +
// 2 B + 1 broadcast = 15 of the 16 ymm registers. 12 independent accumulators cover the FMA
// latency x throughput product (4-5 cycles x 2 per cycle) with a little margin.
// Packing writes a full 8-float vector even when fewer lanes are valid (the next k step
// overwrites the excess; the driver pads the buffers), because masked stores are slow on AMD.
#include "engine/kernels/gemm_isa.h"

#if defined(__x86_64__) && defined(__AVX2__) && defined(__FMA__)

#include <immintrin.h>

#include <cstddef>

namespace nnfs::gemm_detail {

namespace {

constexpr int kMr = 6;
constexpr int kNr = 16;

inline std::size_t min_size(std::size_t a, std::size_t b) { return a < b ? a : b; }

// Lane mask for maskload/maskstore: the first n lanes (n >= 8: all).
inline __m256i lanes(std::size_t n) {
  const __m256i iota = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
  const int count = n >= 8 ? 8 : static_cast<int>(n);
  return _mm256_cmpgt_epi32(_mm256_set1_epi32(count), iota);
}

// In-register transpose of an 8x8 block: r[i] lane j -> r[j] lane i.
inline void transpose8(__m256 (&r)[8]) {
  __m256 t[8], u[8];
  for (int i = 0; i < 4; ++i) {
    t[2 * i] = _mm256_unpacklo_ps(r[2 * i], r[2 * i + 1]);
    t[2 * i + 1] = _mm256_unpackhi_ps(r[2 * i], r[2 * i + 1]);
  }
  for (int g = 0; g < 2; ++g) {
    u[4 * g + 0] = _mm256_shuffle_ps(t[4 * g], t[4 * g + 2], _MM_SHUFFLE(1, 0, 1, 0));
    u[4 * g + 1] = _mm256_shuffle_ps(t[4 * g], t[4 * g + 2], _MM_SHUFFLE(3, 2, 3, 2));
    u[4 * g + 2] = _mm256_shuffle_ps(t[4 * g + 1], t[4 * g + 3], _MM_SHUFFLE(1, 0, 1, 0));
    u[4 * g + 3] = _mm256_shuffle_ps(t[4 * g + 1], t[4 * g + 3], _MM_SHUFFLE(3, 2, 3, 2));
  }
  // u[4G+e] 128-bit lane L = rows 4G..4G+3 of column 4L+e.
  for (int e = 0; e < 4; ++e) {
    r[e] = _mm256_permute2f128_ps(u[e], u[4 + e], 0x20);
    r[4 + e] = _mm256_permute2f128_ps(u[e], u[4 + e], 0x31);
  }
}

inline void load_rows(__m256 (&r)[8], const float* src, std::size_t ld, std::size_t rows,
                      std::size_t cols) {
  const __m256i m = lanes(cols);
  for (std::size_t i = 0; i < 8; ++i)
    r[i] = i >= rows ? _mm256_setzero_ps()
           : cols >= 8 ? _mm256_loadu_ps(src + i * ld)
                       : _mm256_maskload_ps(src + i * ld, m);
}

// ---- packing ------------------------------------------------------------------------------

void pack_b(View b, std::size_t kc, std::size_t nc, float* dst) {
  for (std::size_t j0 = 0; j0 < nc; j0 += kNr) {
    const std::size_t w = min_size(kNr, nc - j0);
    const std::size_t ww = (w + 7) & ~std::size_t{7};  // sliver width: 8 or 16
    float* d = dst + j0 * kc;
    if (b.cs == 1) {
      const float* s = b.p + j0;
      if (w == kNr) {
        for (std::size_t p = 0; p < kc; ++p, s += b.rs, d += kNr) {
          _mm256_store_ps(d, _mm256_loadu_ps(s));
          _mm256_store_ps(d + 8, _mm256_loadu_ps(s + 8));
        }
      } else {
        const __m256i m0 = lanes(w), m1 = lanes(w > 8 ? w - 8 : 0);
        for (std::size_t p = 0; p < kc; ++p, s += b.rs, d += ww) {
          _mm256_store_ps(d, _mm256_maskload_ps(s, m0));
          if (ww > 8) _mm256_store_ps(d + 8, _mm256_maskload_ps(s + 8, m1));
        }
      }
    } else {
      for (std::size_t jv = 0; jv < ww; jv += 8) {
        const std::size_t rows = min_size(8, w - jv);
        for (std::size_t p0 = 0; p0 < kc; p0 += 8) {
          const std::size_t pk = min_size(8, kc - p0);
          __m256 r[8];
          load_rows(r, b.p + (j0 + jv) * b.cs + p0, b.cs, rows, pk);
          transpose8(r);
          for (std::size_t q = 0; q < pk; ++q) _mm256_store_ps(d + (p0 + q) * ww + jv, r[q]);
        }
      }
    }
  }
}

void pack_a(View a, std::size_t mr, std::size_t kc, float* dst) {
  if (a.rs == 1) {
    const __m256i m = lanes(mr);
    const float* s = a.p;
    for (std::size_t p = 0; p < kc; ++p, s += a.cs, dst += mr)
      _mm256_storeu_ps(dst, _mm256_maskload_ps(s, m));  // lanes >= mr: overwritten / padding
  } else {
    for (std::size_t p0 = 0; p0 < kc; p0 += 8) {
      const std::size_t pk = min_size(8, kc - p0);
      __m256 r[8];
      load_rows(r, a.p + p0, a.rs, mr, pk);
      transpose8(r);
      for (std::size_t q = 0; q < pk; ++q) _mm256_storeu_ps(dst + (p0 + q) * mr, r[q]);
    }
  }
}

// ---- writing results ------------------------------------------------------------------------

// out = alpha*acc + (read_c ? beta*C : 0) + bias, then relu; `cols` lanes stored.
inline void finish(__m256 acc, float* c, std::size_t cols, const TileStore& st, __m256 bias) {
  const bool full = cols >= 8;
  const __m256i m = lanes(cols);
  __m256 x = _mm256_mul_ps(acc, _mm256_set1_ps(st.alpha));
  if (st.read_c) {
    const __m256 old = full ? _mm256_loadu_ps(c) : _mm256_maskload_ps(c, m);
    x = _mm256_fmadd_ps(acc, _mm256_set1_ps(st.alpha), _mm256_mul_ps(old, _mm256_set1_ps(st.beta)));
  }
  if (st.bias) x = _mm256_add_ps(x, bias);
  if (st.relu) x = _mm256_max_ps(_mm256_setzero_ps(), x);  // NaN in x: vmaxps returns x
  if (full) _mm256_storeu_ps(c, x);
  else _mm256_maskstore_ps(c, m, x);
}

inline __m256 load_bias(const float* bias, std::size_t cols) {
  return cols >= 8 ? _mm256_loadu_ps(bias) : _mm256_maskload_ps(bias, lanes(cols));
}

// A, element (r, p): RowMajor = false: a[p*lda + r] (packed, or in place); true: a[r*lda + p].
template <int MR, int NV, bool RowMajor>
void tile_kernel(std::size_t kc, const float* a, std::size_t lda, const float* b, std::size_t ldb,
                 float* c, std::size_t ldc, std::size_t nc, const TileStore& store) {
  const TileStore st = store;  // local copy: stores to C cannot alias it, no reloads
  __m256 acc[MR][NV];
#pragma GCC unroll 6
  for (int r = 0; r < MR; ++r)
#pragma GCC unroll 2
    for (int v = 0; v < NV; ++v) acc[r][v] = _mm256_setzero_ps();

#pragma GCC unroll 4
  for (std::size_t p = 0; p < kc; ++p) {
    __m256 bv[NV];
#pragma GCC unroll 2
    for (int v = 0; v < NV; ++v) bv[v] = _mm256_loadu_ps(b + 8 * v);
#pragma GCC unroll 6
    for (int r = 0; r < MR; ++r) {
      const __m256 av =
          _mm256_broadcast_ss(RowMajor ? a + static_cast<std::size_t>(r) * lda + p : a + r);
#pragma GCC unroll 2
      for (int v = 0; v < NV; ++v) acc[r][v] = _mm256_fmadd_ps(av, bv[v], acc[r][v]);
    }
    if (!RowMajor) a += lda;
    b += ldb;
  }

  std::size_t cols[NV];
  __m256 col_bias[NV];
  for (int v = 0; v < NV; ++v) {
    const std::size_t done = static_cast<std::size_t>(8 * v);
    cols[v] = nc > done ? nc - done : 0;
    col_bias[v] = st.bias && !st.bias_per_row ? load_bias(st.bias + done, cols[v])
                                              : _mm256_setzero_ps();
  }
#pragma GCC unroll 6
  for (int r = 0; r < MR; ++r) {
    float* cr = c + static_cast<std::size_t>(r) * ldc;
#pragma GCC unroll 2
    for (int v = 0; v < NV; ++v)
      finish(acc[r][v], cr + 8 * v, cols[v], st,
             st.bias_per_row && st.bias ? _mm256_set1_ps(st.bias[r]) : col_bias[v]);
  }
}

using TileFn = void (*)(std::size_t, const float*, std::size_t, const float*, std::size_t, float*,
                        std::size_t, std::size_t, const TileStore&);

#define NNFS_TILE_ROW(NV, D)                                                                 \
  {&tile_kernel<1, NV, D>, &tile_kernel<2, NV, D>, &tile_kernel<3, NV, D>,                    \
   &tile_kernel<4, NV, D>, &tile_kernel<5, NV, D>, &tile_kernel<6, NV, D>}
const TileFn kTiles[2][2][kMr] = {{NNFS_TILE_ROW(1, false), NNFS_TILE_ROW(2, false)},
                                  {NNFS_TILE_ROW(1, true), NNFS_TILE_ROW(2, true)}};
#undef NNFS_TILE_ROW

void tile(std::size_t mr, std::size_t nc, std::size_t kc, View a, const float* b, std::size_t ldb,
          float* c, std::size_t ldc, const TileStore& st) {
  const bool row_major = a.rs != 1;
  kTiles[row_major ? 1 : 0][nc > 8 ? 1 : 0][mr - 1](kc, a.p, row_major ? a.rs : a.cs, b, ldb, c,
                                                     ldc, nc, st);
}

void store_transposed(std::size_t m, std::size_t n, const float* t, std::size_t ldt, float* c,
                      std::size_t ldc, const TileStore& store) {
  const TileStore st = store;  // local copy: stores to C cannot alias it, no reloads
  for (std::size_t j0 = 0; j0 < n; j0 += 8) {
    const std::size_t nj = min_size(8, n - j0);
    const __m256 col_bias = st.bias && !st.bias_per_row ? load_bias(st.bias + j0, nj)
                                                        : _mm256_setzero_ps();
    for (std::size_t i0 = 0; i0 < m; i0 += 8) {
      const std::size_t ni = min_size(8, m - i0);
      __m256 r[8];
      load_rows(r, t + j0 * ldt + i0, ldt, nj, ni);
      transpose8(r);
      for (std::size_t i = 0; i < ni; ++i)
        finish(r[i], c + (i0 + i) * ldc + j0, nj, st,
               st.bias && st.bias_per_row ? _mm256_set1_ps(st.bias[i0 + i]) : col_bias);
    }
  }
}

constexpr IsaKernels kKernels = {
    "avx2", kMr, kNr, 8, /*kc_max=*/256, /*nc_max=*/512,
    &pack_b, &pack_a,     &tile,          &store_transposed,
};

}  // namespace

const IsaKernels* const kIsaAvx2 = &kKernels;

}  // namespace nnfs::gemm_detail

#else

namespace nnfs::gemm_detail {
const IsaKernels* const kIsaAvx2 = nullptr;
}  // namespace nnfs::gemm_detail

#endif
