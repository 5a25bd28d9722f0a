// Direct-convolution back end for AVX-512 (F, VL, BW, DQ) + FMA: the register-blocked loops of
// conv_direct.h over shifted planes (conv_isa.h). Compiled with per-file -mavx512* flags (see
// CMakeLists.txt), only called after cpu_features() confirmed the CPU supports them, and
// everything has internal linkage (gemm_isa.h says why).
//
// plane_conv — forward pass and input gradient. Micro-tile: MR output planes x NV vectors of 16
// consecutive outputs q; per tap t: NV unaligned loads x[off[t] + q .. +16·NV), MR broadcasts of
// a[t, i] (folded into the FMAs as memory operands), MR·NV FMAs. MR <= 8, MR·NV <= 24 (24
// accumulators + NV loaded vectors fit the 32 zmm registers; >= 8 independent chains hide the
// 4-cycle FMA latency on two FMA pipes). The loaded x vectors are shared by all MR planes,
// the broadcasts by all NV vectors, so a tile needs ~MR + NV loads per MR·NV FMAs.
//
// weight_grad — dWᵀ. Micro-tile: MR taps x NV vectors of 16 output channels; per output pixel:
// NV aligned loads of dyᵀ's row, MR broadcasts of x at the taps' offsets, MR·NV FMAs. Channels
// along the vectors keep every sum a plain running sum over pixels (no horizontal reductions).
#include "engine/kernels/conv_isa.h"

#if defined(__x86_64__) && defined(__AVX512F__) && defined(__AVX512VL__) && \
    defined(__AVX512BW__) && defined(__AVX512DQ__) && defined(__FMA__)

#include "engine/kernels/avx512_util.h"

#include <cstddef>
#include <cstdint>

namespace nnfs::conv_detail {

namespace {

using avx512::lanes;

inline std::size_t min_size(std::size_t a, std::size_t b) { return a < b ? a : b; }

// ---- data movement ----------------------------------------------------------------------------

void pad_planes(const float* src, const Planes& p, float* dst) {
  const __m512 zero = _mm512_setzero_ps();
  for (std::size_t c = 0; c < p.channels; ++c) {
    float* plane = dst + c * p.plane;
    for (std::size_t r = 0; r < p.hp; ++r) {
      float* row = plane + r * p.wp;
      const bool inside = r >= p.pad_h && r - p.pad_h < p.h;
      const float* in = src + (c * p.h + (inside ? r - p.pad_h : 0)) * p.w;
      // lanes j0 + i of the row: in[j - pad_w] for pad_w <= j < pad_w + w, zeros elsewhere.
      for (std::size_t j0 = 0; j0 < p.wp; j0 += 16) {
        const __mmask16 row_lanes = lanes(p.wp - j0);
        const __mmask16 pad_lanes = j0 >= p.pad_w ? 0 : lanes(p.pad_w - j0);
        const __mmask16 before_end = j0 >= p.pad_w + p.w ? 0 : lanes(p.pad_w + p.w - j0);
        const __mmask16 data = static_cast<__mmask16>(row_lanes & before_end & ~pad_lanes);
        const __m512 v = inside ? _mm512_maskz_loadu_ps(data, in + j0 - static_cast<std::ptrdiff_t>(p.pad_w)) : zero;
        _mm512_mask_storeu_ps(row + j0, row_lanes, v);
      }
    }
    for (std::size_t i = p.hp * p.wp; i < p.plane; i += 16)
      _mm512_mask_storeu_ps(plane + i, lanes(p.plane - i), zero);
  }
  for (std::size_t i = p.channels * p.plane; i < p.size; i += 16)
    _mm512_mask_storeu_ps(dst + i, lanes(p.size - i), zero);
}

void transpose(const float* src, std::size_t rows, std::size_t cols, float* dst, std::size_t ld) {
  for (std::size_t r0 = 0; r0 < ld; r0 += 16) {
    const std::size_t nr = r0 < rows ? min_size(16, rows - r0) : 0;
    for (std::size_t c0 = 0; c0 < cols; c0 += 16) {
      const std::size_t nc = min_size(16, cols - c0);
      __m512 r[16];
      avx512::load_rows(r, src + r0 * cols + c0, cols, nr, lanes(nc));
      avx512::transpose16(r);
      for (std::size_t i = 0; i < nc; ++i) _mm512_storeu_ps(dst + (c0 + i) * ld + r0, r[i]);
    }
  }
}

// ---- forward / input gradient: plane_conv -----------------------------------------------------

// The tile of planes [i0, i0 + MR) x vectors [v0, v0 + NV).
template <int MR, int NV>
void plane_tile(const PlaneConvArgs& g, std::size_t i0, std::size_t v0) {
  __m512 acc[MR][NV];
#pragma GCC unroll 8
  for (int r = 0; r < MR; ++r)
#pragma GCC unroll 12
    for (int v = 0; v < NV; ++v) acc[r][v] = _mm512_setzero_ps();

  const float* x = g.x + v0 * 16;
  const float* a = g.a + i0 * g.taps;  // the panel's weights, [taps, MR]
#pragma GCC unroll 2
  for (std::size_t t = 0; t < g.taps; ++t, a += MR) {
    const float* b = x + g.off[t];
    __m512 bv[NV];
#pragma GCC unroll 12
    for (int v = 0; v < NV; ++v) bv[v] = _mm512_loadu_ps(b + 16 * v);
#pragma GCC unroll 8
    for (int r = 0; r < MR; ++r) {
      const __m512 av = _mm512_set1_ps(a[r]);
#pragma GCC unroll 12
      for (int v = 0; v < NV; ++v) acc[r][v] = _mm512_fmadd_ps(av, bv[v], acc[r][v]);
    }
  }

  // Vectors outside, planes inside: each vector's segments are read once for its MR planes.
  const __m512 zero = _mm512_setzero_ps();
  float* y = g.y + i0 * g.y_plane;
#pragma GCC unroll 12
  for (int v = 0; v < NV; ++v) {
    const std::size_t vec = v0 + static_cast<std::size_t>(v);
    if (vec >= g.nvec) continue;  // a junk vector past the plane
#pragma GCC unroll 8
    for (int r = 0; r < MR; ++r) {
      if (g.bias) acc[r][v] = _mm512_add_ps(acc[r][v], _mm512_set1_ps(g.bias[i0 + static_cast<std::size_t>(r)]));
      if (g.relu) acc[r][v] = _mm512_max_ps(zero, acc[r][v]);  // NaN: vmaxps returns the second operand
    }
    for (std::uint32_t s = g.seg_begin[vec]; s < g.seg_begin[vec + 1]; ++s) {
      const __mmask16 mask = static_cast<__mmask16>(g.seg[s].mask);
      float* at = y + g.seg[s].at;
#pragma GCC unroll 8
      for (int r = 0; r < MR; ++r) _mm512_mask_storeu_ps(at + static_cast<std::size_t>(r) * g.y_plane, mask, acc[r][v]);
    }
  }
}

using PlaneTile = void (*)(const PlaneConvArgs&, std::size_t, std::size_t);

// Widest NV for MR planes (MR·NV <= 24 accumulators, NV <= kMaxVectors).
constexpr int kPlaneMaxNv[9] = {0, 12, 12, 8, 6, 4, 4, 3, 3};

constexpr int plane_nv(int mr, int nv) { return nv < kPlaneMaxNv[mr] ? nv : kPlaneMaxNv[mr]; }

#define NNFS_T(MR, NV) &plane_tile<MR, plane_nv(MR, NV)>
#define NNFS_PLANE_ROW(MR)                                                                                   \
  {NNFS_T(MR, 1), NNFS_T(MR, 2), NNFS_T(MR, 3), NNFS_T(MR, 4),  NNFS_T(MR, 5),  NNFS_T(MR, 6),                \
   NNFS_T(MR, 7), NNFS_T(MR, 8), NNFS_T(MR, 9), NNFS_T(MR, 10), NNFS_T(MR, 11), NNFS_T(MR, 12)}
// kPlaneTiles[MR - 1][NV - 1]; entries past kPlaneMaxNv[MR] are never used (they repeat the widest).
const PlaneTile kPlaneTiles[8][12] = {NNFS_PLANE_ROW(1), NNFS_PLANE_ROW(2), NNFS_PLANE_ROW(3), NNFS_PLANE_ROW(4),
                                      NNFS_PLANE_ROW(5), NNFS_PLANE_ROW(6), NNFS_PLANE_ROW(7), NNFS_PLANE_ROW(8)};
#undef NNFS_PLANE_ROW
#undef NNFS_T

// The NV that computes the fewest vectors in whole tiles, among the widest ones (max_nv down to
// half of it); the widest on ties.
std::size_t choose_nv(std::size_t nvec, std::size_t max_nv) {
  const std::size_t narrowest = nvec < 1 ? 1 : min_size(nvec, (max_nv + 1) / 2);
  std::size_t best = max_nv, best_work = (nvec + max_nv - 1) / max_nv * max_nv;
  for (std::size_t nv = max_nv; nv >= narrowest; --nv) {
    const std::size_t work = (nvec + nv - 1) / nv * nv;
    if (work < best_work) best = nv, best_work = work;
  }
  return best;
}

// Planes in the panels of conv_isa.h; vector blocks outside, panels inside, so the x
// vectors of a block stay in L1 while the panels' weights stream past them.
void plane_conv(const PlaneConvArgs& g) {
  const std::size_t panels = (g.m + kPanelRows - 1) / kPanelRows, mr_max = (g.m + panels - 1) / panels;
  const std::size_t nv = choose_nv(g.nvec, static_cast<std::size_t>(kPlaneMaxNv[mr_max]));
  for (std::size_t v0 = 0; v0 < g.nvec; v0 += nv) {
    for (std::size_t p = 0; p < panels; ++p) {
      const std::size_t i0 = g.m * p / panels, i1 = g.m * (p + 1) / panels;
      kPlaneTiles[i1 - i0 - 1][nv - 1](g, i0, v0);
    }
  }
}

// ---- weight gradient --------------------------------------------------------------------------

// dwt rows [t0, t0 + MR) x channel vectors [j0, j0 + 16·NV).
template <int MR, int NV>
void weight_tile(const WeightGradArgs& g, std::size_t t0, std::size_t j0) {
  __m512 acc[MR][NV];
  float* out = g.dwt + t0 * g.ldt + j0;
#pragma GCC unroll 12
  for (int r = 0; r < MR; ++r)
#pragma GCC unroll 4
    for (int v = 0; v < NV; ++v)
      acc[r][v] = g.accumulate ? _mm512_loadu_ps(out + static_cast<std::size_t>(r) * g.ldt + 16 * v)
                               : _mm512_setzero_ps();
  const float* rows[MR];
#pragma GCC unroll 12
  for (int r = 0; r < MR; ++r) rows[r] = g.x + g.off[t0 + static_cast<std::size_t>(r)];

  const float* d = g.dyt + j0;
  for (std::size_t oy = 0; oy < g.ho; ++oy) {
    const std::size_t base = oy * g.wp;
#pragma GCC unroll 2
    for (std::size_t ox = 0; ox < g.wo; ++ox, d += g.ldt) {
      __m512 dv[NV];
#pragma GCC unroll 4
      for (int v = 0; v < NV; ++v) dv[v] = _mm512_load_ps(d + 16 * v);
#pragma GCC unroll 12
      for (int r = 0; r < MR; ++r) {
        const __m512 xv = _mm512_set1_ps(rows[r][base + ox]);
#pragma GCC unroll 4
        for (int v = 0; v < NV; ++v) acc[r][v] = _mm512_fmadd_ps(xv, dv[v], acc[r][v]);
      }
    }
  }
#pragma GCC unroll 12
  for (int r = 0; r < MR; ++r)
#pragma GCC unroll 4
    for (int v = 0; v < NV; ++v) _mm512_storeu_ps(out + static_cast<std::size_t>(r) * g.ldt + 16 * v, acc[r][v]);
}

using WeightTile = void (*)(const WeightGradArgs&, std::size_t, std::size_t);

// Most taps per tile for NV channel vectors (MR·NV <= 24 accumulators).
constexpr int kWeightMaxMr[5] = {0, 12, 12, 8, 6};

constexpr int weight_mr(int nv, int mr) { return mr < kWeightMaxMr[nv] ? mr : kWeightMaxMr[nv]; }

#define NNFS_T(NV, MR) &weight_tile<weight_mr(NV, MR), NV>
#define NNFS_WEIGHT_ROW(NV)                                                                                  \
  {NNFS_T(NV, 1), NNFS_T(NV, 2), NNFS_T(NV, 3), NNFS_T(NV, 4),  NNFS_T(NV, 5),  NNFS_T(NV, 6),                \
   NNFS_T(NV, 7), NNFS_T(NV, 8), NNFS_T(NV, 9), NNFS_T(NV, 10), NNFS_T(NV, 11), NNFS_T(NV, 12)}
// kWeightTiles[NV - 1][MR - 1]; entries past kWeightMaxMr[NV] are never used (they repeat the tallest).
const WeightTile kWeightTiles[4][12] = {NNFS_WEIGHT_ROW(1), NNFS_WEIGHT_ROW(2), NNFS_WEIGHT_ROW(3),
                                        NNFS_WEIGHT_ROW(4)};
#undef NNFS_WEIGHT_ROW
#undef NNFS_T

// Channel blocks of up to 64 (4 vectors), taps in near-equal tiles of at most kWeightMaxMr.
void weight_grad(const WeightGradArgs& g) {
  for (std::size_t j0 = 0; j0 < g.ldt; j0 += 64) {
    const std::size_t nv = min_size(4, (g.ldt - j0) / 16);
    const auto mr_max = static_cast<std::size_t>(kWeightMaxMr[nv]);
    const std::size_t tiles = (g.taps + mr_max - 1) / mr_max;
    for (std::size_t t = 0; t < tiles; ++t) {
      const std::size_t t0 = g.taps * t / tiles, t1 = g.taps * (t + 1) / tiles;
      kWeightTiles[nv - 1][t1 - t0 - 1](g, t0, j0);
    }
  }
}

// ---- weight gradient, pixels along the vectors -------------------------------------------------

// The sum of the 16 lanes, in a fixed order: halves added pairwise (8, 4, 2, 1 lanes).
inline float horizontal_sum(__m512 v) {
  v = _mm512_add_ps(v, _mm512_shuffle_f32x4(v, v, _MM_SHUFFLE(1, 0, 3, 2)));
  v = _mm512_add_ps(v, _mm512_shuffle_f32x4(v, v, _MM_SHUFFLE(2, 3, 0, 1)));
  v = _mm512_add_ps(v, _mm512_shuffle_ps(v, v, _MM_SHUFFLE(1, 0, 3, 2)));
  v = _mm512_add_ps(v, _mm512_shuffle_ps(v, v, _MM_SHUFFLE(2, 3, 0, 1)));
  return _mm512_cvtss_f32(v);
}

// dwt rows [t0, t0 + NT) x channels [j0, j0 + MR): running sums of 16 pixels at a time along each
// image row (lanes past wo masked off on both operands, so no junk enters), then one horizontal
// sum per element. For few taps and few channels (a first layer with 8 filters: 9 taps x 8
// channels), where channels along the vectors would leave half the lanes empty.
template <int MR, int NT>
void pixel_tile(const WeightGradArgs& g, std::size_t t0, std::size_t j0) {
  __m512 acc[MR][NT];
#pragma GCC unroll 3
  for (int r = 0; r < MR; ++r)
#pragma GCC unroll 9
    for (int t = 0; t < NT; ++t) acc[r][t] = _mm512_setzero_ps();
  const std::size_t pixels = g.ho * g.wo;
  const float* dy = g.dy + j0 * pixels;
  const std::int32_t* off = g.off + t0;
  for (std::size_t oy = 0; oy < g.ho; ++oy) {
    const float* x = g.x + oy * g.wp;
    for (std::size_t ox = 0; ox < g.wo; ox += 16) {
      const __mmask16 m = lanes(g.wo - ox);
      __m512 dv[MR];
#pragma GCC unroll 3
      for (int r = 0; r < MR; ++r)
        dv[r] = _mm512_maskz_loadu_ps(m, dy + static_cast<std::size_t>(r) * pixels + oy * g.wo + ox);
#pragma GCC unroll 9
      for (int t = 0; t < NT; ++t) {
        const __m512 xv = _mm512_maskz_loadu_ps(m, x + off[t] + ox);
#pragma GCC unroll 3
        for (int r = 0; r < MR; ++r) acc[r][t] = _mm512_fmadd_ps(dv[r], xv, acc[r][t]);
      }
    }
  }
#pragma GCC unroll 9
  for (int t = 0; t < NT; ++t)
#pragma GCC unroll 3
    for (int r = 0; r < MR; ++r) {
      float* out = g.dwt + (t0 + static_cast<std::size_t>(t)) * g.ldt + j0 + static_cast<std::size_t>(r);
      const float sum = horizontal_sum(acc[r][t]);
      *out = g.accumulate ? *out + sum : sum;
    }
}

using PixelTile = void (*)(const WeightGradArgs&, std::size_t, std::size_t);

#define NNFS_PIXEL_ROW(MR)                                                                                    \
  {&pixel_tile<MR, 1>, &pixel_tile<MR, 2>, &pixel_tile<MR, 3>, &pixel_tile<MR, 4>, &pixel_tile<MR, 5>,       \
   &pixel_tile<MR, 6>, &pixel_tile<MR, 7>, &pixel_tile<MR, 8>, &pixel_tile<MR, 9>}
// kPixelTiles[MR - 1][NT - 1]: MR channels x NT taps, MR·NT <= 27 accumulators.
const PixelTile kPixelTiles[3][9] = {NNFS_PIXEL_ROW(1), NNFS_PIXEL_ROW(2), NNFS_PIXEL_ROW(3)};
#undef NNFS_PIXEL_ROW

// Channels in near-equal tiles of at most 3, taps in near-equal tiles of at most 9. The padding
// columns co <= j < ldt are written as zeros (when not accumulating, they are never touched by
// the tiles).
void weight_grad_pixels(const WeightGradArgs& g) {
  const std::size_t ctiles = (g.co + 2) / 3, ttiles = (g.taps + 8) / 9;
  for (std::size_t c = 0; c < ctiles; ++c) {
    const std::size_t j0 = g.co * c / ctiles, j1 = g.co * (c + 1) / ctiles;
    for (std::size_t t = 0; t < ttiles; ++t) {
      const std::size_t t0 = g.taps * t / ttiles, t1 = g.taps * (t + 1) / ttiles;
      kPixelTiles[j1 - j0 - 1][t1 - t0 - 1](g, t0, j0);
    }
  }
  if (!g.accumulate)
    for (std::size_t t = 0; t < g.taps; ++t)
      for (std::size_t j = g.co; j < g.ldt; ++j) g.dwt[t * g.ldt + j] = 0.0f;
}

constexpr ConvKernels kKernels = {&pad_planes, &transpose, &plane_conv, &weight_grad, &weight_grad_pixels};

}  // namespace

const ConvKernels* const kConvAvx512 = &kKernels;

}  // namespace nnfs::conv_detail

#else

namespace nnfs::conv_detail {
const ConvKernels* const kConvAvx512 = nullptr;
}  // namespace nnfs::conv_detail

#endif
