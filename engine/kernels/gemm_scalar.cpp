// Portable GEMM back end: plain C++, no intrinsics, for CPUs without AVX2/FMA (and the
// reference point for what the SIMD back ends buy). Same packed formats and loop structure as
// the SIMD ones; the compiler may vectorise the 8-wide inner loops with the baseline ISA.
//
// Micro-tile: up to 4 rows x 8 columns, 32 scalar accumulators (the compiler keeps them in
// 8 SSE registers on x86-64). Partial slivers are zero padded to 8 columns so the inner loop
// always has a fixed trip count.
#include "engine/kernels/gemm_isa.h"

#include <cstddef>

namespace nnfs::gemm_detail {

namespace {

constexpr int kMr = 4;
constexpr std::size_t kNr = 8;

inline std::size_t min_size(std::size_t a, std::size_t b) { return a < b ? a : b; }

void pack_b(View b, std::size_t kc, std::size_t nc, float* dst) {
  for (std::size_t j0 = 0; j0 < nc; j0 += kNr) {
    const std::size_t w = min_size(kNr, nc - j0);
    float* d = dst + j0 * kc;
    for (std::size_t p = 0; p < kc; ++p, d += kNr) {
      const float* s = b.p + p * b.rs + j0 * b.cs;
      for (std::size_t j = 0; j < kNr; ++j) d[j] = j < w ? s[j * b.cs] : 0.0f;
    }
  }
}

void pack_a(View a, std::size_t mr, std::size_t kc, float* dst) {
  for (std::size_t p = 0; p < kc; ++p, dst += mr)
    for (std::size_t r = 0; r < mr; ++r) dst[r] = a.p[r * a.rs + p * a.cs];
}

inline float finish(float acc, const float* c, const TileStore& st, float bias) {
  float x = st.alpha * acc;
  if (st.read_c) x += st.beta * *c;
  x += bias;  // 0 without bias: x + 0 == x for every x except -0 (harmless)
  if (st.relu && x < 0.0f) x = 0.0f;  // NaN stays NaN
  return x;
}

// A, element (r, p): a.p[r*a.rs + p*a.cs] (packed: rs = 1, cs = MR).
template <int MR>
void tile_kernel(std::size_t kc, View a, const float* b, std::size_t ldb, float* c,
                 std::size_t ldc, std::size_t nc, const TileStore& store) {
  const TileStore st = store;  // local copy: stores to C cannot alias it, no reloads
  float acc[MR][kNr] = {};
  const float* ap = a.p;
  for (std::size_t p = 0; p < kc; ++p, b += ldb, ap += a.cs) {
    float bv[kNr];
    for (std::size_t j = 0; j < kNr; ++j) bv[j] = b[j];
    for (int r = 0; r < MR; ++r) {
      const float av = ap[static_cast<std::size_t>(r) * a.rs];
      for (std::size_t j = 0; j < kNr; ++j) acc[r][j] += av * bv[j];
    }
  }
  for (int r = 0; r < MR; ++r) {
    float* cr = c + static_cast<std::size_t>(r) * ldc;
    for (std::size_t j = 0; j < nc; ++j) {
      const float bias = !st.bias ? 0.0f : st.bias_per_row ? st.bias[r] : st.bias[j];
      cr[j] = finish(acc[r][j], cr + j, st, bias);
    }
  }
}

using TileFn = void (*)(std::size_t, View, const float*, std::size_t, float*, std::size_t,
                        std::size_t, const TileStore&);
const TileFn kTiles[kMr] = {&tile_kernel<1>, &tile_kernel<2>, &tile_kernel<3>, &tile_kernel<4>};

void tile(std::size_t mr, std::size_t nc, std::size_t kc, View a, const float* b, std::size_t ldb,
          float* c, std::size_t ldc, const TileStore& st) {
  kTiles[mr - 1](kc, a, b, ldb, c, ldc, nc, st);
}

void store_transposed(std::size_t m, std::size_t n, const float* t, std::size_t ldt, float* c,
                      std::size_t ldc, const TileStore& store) {
  const TileStore st = store;  // local copy: stores to C cannot alias it, no reloads
  for (std::size_t i = 0; i < m; ++i)
    for (std::size_t j = 0; j < n; ++j) {
      const float bias = !st.bias ? 0.0f : st.bias_per_row ? st.bias[i] : st.bias[j];
      c[i * ldc + j] = finish(t[j * ldt + i], c + i * ldc + j, st, bias);
    }
}

constexpr IsaKernels kKernels = {
    "scalar", kMr, static_cast<int>(kNr), static_cast<int>(kNr), /*kc_max=*/256, /*nc_max=*/512,
    &pack_b, &pack_a, &tile, &store_transposed,
};

}  // namespace

const IsaKernels* const kIsaScalar = &kKernels;

}  // namespace nnfs::gemm_detail
