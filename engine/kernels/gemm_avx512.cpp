// GEMM back end for AVX-512 (F, VL, BW, DQ) + FMA. Compiled with per-file -mavx512* flags (see
// CMakeLists.txt) and only called after cpu_features() confirmed the CPU and OS support it.
// Everything here has internal linkage (see gemm_isa.h for why).
//
// Micro-tile: up to 12 rows x 32 columns of C = 12 x 2 zmm accumulators.
//   Per k step: 2 aligned loads of the packed B row (32 floats), 12 broadcasts of packed A,
//   24 FMAs. Registers: 24 accumulators + 2 B + 1 broadcast = 27 of 32 zmm.
//   Why this shape: the FMA latency (4 cycles) x throughput (Zen 4: one 512-bit FMA per cycle,
//   Intel server cores: two) needs >= 8 independent accumulators; 24 leaves margin while every
//   loaded B vector feeds 12 FMAs and every broadcast feeds 2, so loads (14 per 24 FMAs) never
//   limit. 32 columns (not 48) because the training shapes have N in {128, 784} (multiples of
//   16 and mostly of 32) and tall tiles share the cost of each B load across more rows.
//   Rows are a template parameter (1..12), so row edges run register-resident kernels too; the
//   column edge uses one or two vectors with a lane mask on the store (B is zero padded).
#include "engine/kernels/gemm_isa.h"

#if defined(__x86_64__) && defined(__AVX512F__) && defined(__AVX512VL__) && \
    defined(__AVX512BW__) && defined(__AVX512DQ__) && defined(__FMA__)

#include "engine/kernels/avx512_util.h"

#include <cstddef>

namespace nnfs::gemm_detail {

namespace {

constexpr int kMr = 12;
constexpr int kNr = 32;

using avx512::lanes;
using avx512::load_rows;
using avx512::transpose16;

inline std::size_t min_size(std::size_t a, std::size_t b) { return a < b ? a : b; }

// ---- packing ------------------------------------------------------------------------------

void pack_b(View b, std::size_t kc, std::size_t nc, float* dst) {
  for (std::size_t j0 = 0; j0 < nc; j0 += kNr) {
    const std::size_t w = min_size(kNr, nc - j0);
    const std::size_t ww = (w + 15) & ~std::size_t{15};  // sliver width: 16 or 32
    float* d = dst + j0 * kc;
    if (b.cs == 1) {
      // Row p of op(B) is contiguous: copy 32 (or a masked 16/32) floats per k step.
      const float* s = b.p + j0;
      if (w == kNr) {
        for (std::size_t p = 0; p < kc; ++p, s += b.rs, d += kNr) {
          _mm512_store_ps(d, _mm512_loadu_ps(s));
          _mm512_store_ps(d + 16, _mm512_loadu_ps(s + 16));
        }
      } else {
        const __mmask16 m0 = lanes(w), m1 = lanes(w > 16 ? w - 16 : 0);
        for (std::size_t p = 0; p < kc; ++p, s += b.rs, d += ww) {
          _mm512_store_ps(d, _mm512_maskz_loadu_ps(m0, s));
          if (ww > 16) _mm512_store_ps(d + 16, _mm512_maskz_loadu_ps(m1, s + 16));
        }
      }
    } else {
      // Column j of op(B) is contiguous (B stored transposed): 16x16 register transposes.
      for (std::size_t jv = 0; jv < ww; jv += 16) {
        const std::size_t rows = min_size(16, w - jv);
        for (std::size_t p0 = 0; p0 < kc; p0 += 16) {
          const std::size_t pk = min_size(16, kc - p0);
          __m512 r[16];
          load_rows(r, b.p + (j0 + jv) * b.cs + p0, b.cs, rows, lanes(pk));
          transpose16(r);
          for (std::size_t q = 0; q < pk; ++q) _mm512_store_ps(d + (p0 + q) * ww + jv, r[q]);
        }
      }
    }
  }
}

void pack_a(View a, std::size_t mr, std::size_t kc, float* dst) {
  const __mmask16 m = lanes(mr);
  if (a.rs == 1) {
    // Column p of op(A) is contiguous (A stored transposed): one masked copy per k step.
    const float* s = a.p;
    for (std::size_t p = 0; p < kc; ++p, s += a.cs, dst += mr)
      _mm512_mask_storeu_ps(dst, m, _mm512_maskz_loadu_ps(m, s));
  } else {
    // Row r of op(A) is contiguous: transpose 16 k steps of the mr rows at a time.
    for (std::size_t p0 = 0; p0 < kc; p0 += 16) {
      const std::size_t pk = min_size(16, kc - p0);
      __m512 r[16];
      load_rows(r, a.p + p0, a.rs, mr, lanes(pk));
      transpose16(r);
      for (std::size_t q = 0; q < pk; ++q) _mm512_mask_storeu_ps(dst + (p0 + q) * mr, m, r[q]);
    }
  }
}

// ---- writing results ------------------------------------------------------------------------

// out = alpha*acc + (read_c ? beta*C : 0) + bias, then relu; stored to the lanes in m.
inline void finish(__m512 acc, float* c, __mmask16 m, const TileStore& st, __m512 bias) {
  __m512 x = st.read_c ? _mm512_fmadd_ps(acc, _mm512_set1_ps(st.alpha),
                                         _mm512_mul_ps(_mm512_maskz_loadu_ps(m, c),
                                                       _mm512_set1_ps(st.beta)))
                       : _mm512_mul_ps(acc, _mm512_set1_ps(st.alpha));
  if (st.bias) x = _mm512_add_ps(x, bias);
  if (st.relu) x = _mm512_max_ps(_mm512_setzero_ps(), x);  // NaN in x: vmaxps returns x
  _mm512_mask_storeu_ps(c, m, x);
}

// The micro-kernel: C[0:MR, 0:nc] <- store(A[MR x kc] · B_sliver[kc x 16*NV]).
// A, element (r, p): RowMajor = false: a[p*lda + r] (a packed sliver, lda = MR, or op(A) in
// place when its columns are contiguous); RowMajor = true: a[r*lda + p] (op(A) in place with
// contiguous rows: broadcasts straight from MR rows, no packing).
template <int MR, int NV, bool RowMajor>
void tile_kernel(std::size_t kc, const float* a, std::size_t lda, const float* b, std::size_t ldb,
                 float* c, std::size_t ldc, std::size_t nc, const TileStore& store) {
  const TileStore st = store;  // local copy: stores to C cannot alias it, no reloads
  __m512 acc[MR][NV];
#pragma GCC unroll 12
  for (int r = 0; r < MR; ++r)
#pragma GCC unroll 2
    for (int v = 0; v < NV; ++v) acc[r][v] = _mm512_setzero_ps();

#pragma GCC unroll 4
  for (std::size_t p = 0; p < kc; ++p) {
    __m512 bv[NV];
#pragma GCC unroll 2
    for (int v = 0; v < NV; ++v) bv[v] = _mm512_loadu_ps(b + 16 * v);
#pragma GCC unroll 12
    for (int r = 0; r < MR; ++r) {
      const __m512 av =
          _mm512_set1_ps(RowMajor ? a[static_cast<std::size_t>(r) * lda + p] : a[r]);
#pragma GCC unroll 2
      for (int v = 0; v < NV; ++v) acc[r][v] = _mm512_fmadd_ps(av, bv[v], acc[r][v]);
    }
    if (!RowMajor) a += lda;
    b += ldb;
  }

  __mmask16 m[NV];
  __m512 col_bias[NV];
  for (int v = 0; v < NV; ++v) {
    const std::size_t done = static_cast<std::size_t>(16 * v);
    m[v] = lanes(nc > done ? nc - done : 0);
    col_bias[v] = st.bias && !st.bias_per_row ? _mm512_maskz_loadu_ps(m[v], st.bias + done)
                                              : _mm512_setzero_ps();
  }
#pragma GCC unroll 12
  for (int r = 0; r < MR; ++r) {
    float* cr = c + static_cast<std::size_t>(r) * ldc;
#pragma GCC unroll 2
    for (int v = 0; v < NV; ++v)
      finish(acc[r][v], cr + 16 * v, m[v], st,
             st.bias_per_row && st.bias ? _mm512_set1_ps(st.bias[r]) : col_bias[v]);
  }
}

using TileFn = void (*)(std::size_t, const float*, std::size_t, const float*, std::size_t, float*,
                        std::size_t, std::size_t, const TileStore&);

#define NNFS_TILE_ROW(NV, D)                                                                  \
  {&tile_kernel<1, NV, D>, &tile_kernel<2, NV, D>,  &tile_kernel<3, NV, D>,                    \
   &tile_kernel<4, NV, D>, &tile_kernel<5, NV, D>,  &tile_kernel<6, NV, D>,                    \
   &tile_kernel<7, NV, D>, &tile_kernel<8, NV, D>,  &tile_kernel<9, NV, D>,                    \
   &tile_kernel<10, NV, D>, &tile_kernel<11, NV, D>, &tile_kernel<12, NV, D>}
const TileFn kTiles[2][2][kMr] = {{NNFS_TILE_ROW(1, false), NNFS_TILE_ROW(2, false)},
                                  {NNFS_TILE_ROW(1, true), NNFS_TILE_ROW(2, true)}};
#undef NNFS_TILE_ROW

void tile(std::size_t mr, std::size_t nc, std::size_t kc, View a, const float* b, std::size_t ldb,
          float* c, std::size_t ldc, const TileStore& st) {
  const bool row_major = a.rs != 1;
  kTiles[row_major ? 1 : 0][nc > 16 ? 1 : 0][mr - 1](kc, a.p, row_major ? a.rs : a.cs, b, ldb, c,
                                                      ldc, nc, st);
}

// C[i, j] = store(T[j, i]): 16x16 blocks through the register transpose.
void store_transposed(std::size_t m, std::size_t n, const float* t, std::size_t ldt, float* c,
                      std::size_t ldc, const TileStore& store) {
  const TileStore st = store;  // local copy: stores to C cannot alias it, no reloads
  for (std::size_t j0 = 0; j0 < n; j0 += 16) {
    const std::size_t nj = min_size(16, n - j0);
    const __mmask16 mj = lanes(nj);
    const __m512 col_bias = st.bias && !st.bias_per_row ? _mm512_maskz_loadu_ps(mj, st.bias + j0)
                                                        : _mm512_setzero_ps();
    for (std::size_t i0 = 0; i0 < m; i0 += 16) {
      const std::size_t ni = min_size(16, m - i0);
      __m512 r[16];
      load_rows(r, t + j0 * ldt + i0, ldt, nj, lanes(ni));
      transpose16(r);
      for (std::size_t i = 0; i < ni; ++i)
        finish(r[i], c + (i0 + i) * ldc + j0, mj, st,
               st.bias && st.bias_per_row ? _mm512_set1_ps(st.bias[i0 + i]) : col_bias);
    }
  }
}

constexpr IsaKernels kKernels = {
    "avx512", kMr, kNr, 16, /*kc_max=*/384, /*nc_max=*/512,
    &pack_b, &pack_a,       &tile,           &store_transposed,
};

}  // namespace

const IsaKernels* const kIsaAvx512 = &kKernels;

}  // namespace nnfs::gemm_detail

#else

namespace nnfs::gemm_detail {
const IsaKernels* const kIsaAvx512 = nullptr;
}  // namespace nnfs::gemm_detail

#endif
