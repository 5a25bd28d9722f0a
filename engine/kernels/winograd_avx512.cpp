// Winograd F(2x2, 3x3) and F(4x4, 3x3) transforms for AVX-512, one table per tile (winograd.h has
// the math, winograd_isa.h the layout). Compiled with per-file -mavx512* flags (see
// CMakeLists.txt); internal linkage only.
//
// Every transform works on 16 tiles at once, one tile per lane: the 4x4 patches are gathered
// from two 16-float rows with one two-source permute per patch column (the even or odd columns
// of 32 consecutive values), and the 2x2 outputs are interleaved back into image rows the same
// way. A vector holds one tile-row (slot of 16) or two (slots of 8); the permutes are the same.
#include "engine/kernels/winograd_isa.h"

#if defined(__x86_64__) && defined(__AVX512F__) && defined(__AVX512VL__) && \
    defined(__AVX512BW__) && defined(__AVX512DQ__) && defined(__FMA__)

#include "engine/kernels/avx512_util.h"

#include <cstddef>

namespace nnfs::conv_detail {

namespace {

using avx512::lanes;

// Columns 2t + 0 and 2t + 1 (t = lane) of 32 consecutive values held as (lo, hi).
inline __m512i even_columns() {
  return _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
}
inline __m512i odd_columns() {
  return _mm512_setr_epi32(1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31);
}

// The two 16-lane halves a vector of tiles maps to: one tile-row of 16 (halves = its columns
// 0-15 and 16-31) or two tile-rows of 8 (halves = the two rows). valid: the tile-row exists.
struct Halves {
  std::size_t slot[2];
  bool valid[2];
  std::size_t col[2];  // column offset of the half inside its tile-row's image row
};

Halves halves(const WinoTiles& t, std::size_t k) {
  if (t.tws == 16) return {{k, k}, {k < t.rows, k < t.rows}, {0, 16}};
  return {{2 * k, 2 * k + 1}, {2 * k < t.rows, 2 * k + 1 < t.rows}, {0, 0}};
}

// Image n (relative to the chunk's first) and tile row of the chunk's tile-row slot.
void tile_row(const WinoTiles& t, std::size_t slot, std::size_t& n, std::size_t& ty) {
  const std::size_t g = t.row0 + slot;
  n = g / t.th - t.row0 / t.th;
  ty = g % t.th;
}

// ---- input: V = Bᵀ·d·B ------------------------------------------------------------------------

// Lanes l of a load starting at image column c0 that fall inside [0, w).
inline __mmask16 columns_inside(std::ptrdiff_t c0, std::size_t w) {
  const std::ptrdiff_t first = c0 < 0 ? -c0 : 0, end = static_cast<std::ptrdiff_t>(w) - c0;
  if (end <= first) return 0;
  return static_cast<__mmask16>(lanes(static_cast<std::size_t>(end)) & ~lanes(static_cast<std::size_t>(first)));
}

void input(const WinoInputArgs& g) {
  const WinoTiles& t = g.t;
  const __m512i even = even_columns(), odd = odd_columns();
  const std::size_t plane = g.h * g.w, image = g.channels * plane;
  for (std::size_t k = 0; k < t.nq / 16; ++k) {
    const Halves h = halves(t, k);
    // Per half: its image row 2ty - 1 (patch row 0) and its columns' masks: the loads start at
    // columns col - 1 (patch columns 0, 1) and col + 1 (2, 3).
    const float* base[2];
    std::ptrdiff_t row0[2];
    __mmask16 m_lo[2], m_hi[2];
    for (int s = 0; s < 2; ++s) {
      std::size_t n = 0, ty = 0;
      tile_row(t, h.slot[s], n, ty);
      const auto col = static_cast<std::ptrdiff_t>(h.col[s]);
      base[s] = g.x + n * image + h.col[s];
      row0[s] = h.valid[s] ? static_cast<std::ptrdiff_t>(2 * ty) - 1 : -8;  // junk: no row inside
      m_lo[s] = columns_inside(col - 1, g.w);
      m_hi[s] = columns_inside(col + 1, g.w);
    }
    for (std::size_t c = 0; c < g.channels; ++c) {
      __m512 d[4][4];
      for (std::size_t i = 0; i < 4; ++i) {
        __m512 lo[2], hi[2];
        for (int s = 0; s < 2; ++s) {
          const std::ptrdiff_t r = row0[s] + static_cast<std::ptrdiff_t>(i);
          const bool inside = r >= 0 && r < static_cast<std::ptrdiff_t>(g.h);
          const float* p = base[s] + c * plane + (inside ? r : 0) * static_cast<std::ptrdiff_t>(g.w);
          lo[s] = _mm512_maskz_loadu_ps(inside ? m_lo[s] : 0, p - 1);
          hi[s] = _mm512_maskz_loadu_ps(inside ? m_hi[s] : 0, p + 1);
        }
        d[i][0] = _mm512_permutex2var_ps(lo[0], even, lo[1]);  // column 2tx - 1
        d[i][1] = _mm512_permutex2var_ps(lo[0], odd, lo[1]);   // 2tx
        d[i][2] = _mm512_permutex2var_ps(hi[0], even, hi[1]);  // 2tx + 1
        d[i][3] = _mm512_permutex2var_ps(hi[0], odd, hi[1]);   // 2tx + 2
      }
      // Bᵀ rows: (d0 - d2, d1 + d2, d2 - d1, d1 - d3), down the columns, then along the rows.
      __m512 e[4][4];
      for (int j = 0; j < 4; ++j) {
        e[0][j] = _mm512_sub_ps(d[0][j], d[2][j]);
        e[1][j] = _mm512_add_ps(d[1][j], d[2][j]);
        e[2][j] = _mm512_sub_ps(d[2][j], d[1][j]);
        e[3][j] = _mm512_sub_ps(d[1][j], d[3][j]);
      }
      float* v = g.v + c * t.nq + 16 * k;
      const std::size_t xi = g.channels * t.nq;  // distance between ξ and ξ + 1
      for (std::size_t i = 0; i < 4; ++i) {
        _mm512_storeu_ps(v + (4 * i + 0) * xi, _mm512_sub_ps(e[i][0], e[i][2]));
        _mm512_storeu_ps(v + (4 * i + 1) * xi, _mm512_add_ps(e[i][1], e[i][2]));
        _mm512_storeu_ps(v + (4 * i + 2) * xi, _mm512_sub_ps(e[i][2], e[i][1]));
        _mm512_storeu_ps(v + (4 * i + 3) * xi, _mm512_sub_ps(e[i][1], e[i][3]));
      }
    }
  }
}

// ---- output: Y = Aᵀ·M·A -------------------------------------------------------------------------

// Aᵀ rows: (m0 + m1 + m2, m1 - m2 - m3).
inline void a_transpose(const __m512 (&m)[4], __m512& y0, __m512& y1) {
  y0 = _mm512_add_ps(_mm512_add_ps(m[0], m[1]), m[2]);
  y1 = _mm512_sub_ps(_mm512_sub_ps(m[1], m[2]), m[3]);
}

// The output transforms' loop: f(plane i, vector k, M[0, i, 16k], epilogue) for every output
// plane and vector of the chunk; epilogue(v) adds the plane's bias, then the ReLU if asked.
template <class F>
void for_each_output_vector(const WinoOutputArgs& g, F f) {
  const __m512 zero = _mm512_setzero_ps();
  for (std::size_t i = 0; i < g.m; ++i) {
    const __m512 bias = g.bias ? _mm512_set1_ps(g.bias[i]) : zero;
    const auto epilogue = [&](__m512 v) {
      v = _mm512_add_ps(v, bias);
      return g.relu ? _mm512_max_ps(zero, v) : v;
    };
    for (std::size_t k = 0; k < g.t.nq / 16; ++k) f(i, k, g.mm + i * g.t.nq + 16 * k, epilogue);
  }
}

void output(const WinoOutputArgs& g) {
  const WinoTiles& t = g.t;
  const __m512i lo = _mm512_setr_epi32(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
  const __m512i hi = _mm512_setr_epi32(8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
  const std::size_t plane = g.ho * g.wo, image = g.m * plane, xi = g.m * t.nq;
  for_each_output_vector(g, [&](std::size_t i, std::size_t k, const float* mm, auto epilogue) {
    __m512 tr[2][4];  // Aᵀ·M: rows a, columns j
    for (std::size_t j = 0; j < 4; ++j) {
      const __m512 col[4] = {_mm512_loadu_ps(mm + j * xi), _mm512_loadu_ps(mm + (4 + j) * xi),
                             _mm512_loadu_ps(mm + (8 + j) * xi), _mm512_loadu_ps(mm + (12 + j) * xi)};
      a_transpose(col, tr[0][j], tr[1][j]);
    }
    const Halves h = halves(t, k);
    for (std::size_t a = 0; a < 2; ++a) {
      __m512 y0, y1;  // output columns 2tx, 2tx + 1
      a_transpose(tr[a], y0, y1);
      y0 = epilogue(y0);
      y1 = epilogue(y1);
      const __m512 half[2] = {_mm512_permutex2var_ps(y0, lo, y1), _mm512_permutex2var_ps(y0, hi, y1)};
      for (int s = 0; s < 2; ++s) {
        std::size_t n = 0, ty = 0;
        tile_row(t, h.slot[s], n, ty);
        const std::size_t r = 2 * ty + a;
        if (!h.valid[s] || r >= g.ho || h.col[s] >= g.wo) continue;
        _mm512_mask_storeu_ps(g.y + n * image + i * plane + r * g.wo + h.col[s], lanes(g.wo - h.col[s]), half[s]);
      }
    }
  });
}

// ---- weight-gradient input: dM = A·dY·Aᵀ ------------------------------------------------------

// A·(p0, p1) = (p0, p0 + p1, p0 - p1, -p1).
inline void a_times(__m512 p0, __m512 p1, __m512 (&out)[4]) {
  out[0] = p0;
  out[1] = _mm512_add_ps(p0, p1);
  out[2] = _mm512_sub_ps(p0, p1);
  out[3] = _mm512_sub_ps(_mm512_setzero_ps(), p1);
}

void grad(const WinoGradArgs& g) {
  const WinoTiles& t = g.t;
  const __m512i even = even_columns(), odd = odd_columns();
  const std::size_t plane = g.ho * g.wo, image = g.m * plane, xi = g.m * t.nq;
  for (std::size_t i = 0; i < g.m; ++i) {
    for (std::size_t k = 0; k < t.nq / 16; ++k) {
      const Halves h = halves(t, k);
      __m512 dy[2][2];  // rows 2ty + b, columns 2tx + c of every lane's tile
      for (std::size_t b = 0; b < 2; ++b) {
        __m512 part[2];
        for (int s = 0; s < 2; ++s) {
          std::size_t n = 0, ty = 0;
          tile_row(t, h.slot[s], n, ty);
          const std::size_t r = 2 * ty + b;
          const bool inside = h.valid[s] && r < g.ho && h.col[s] < g.wo;
          part[s] = inside ? _mm512_maskz_loadu_ps(lanes(g.wo - h.col[s]), g.dy + n * image + i * plane + r * g.wo + h.col[s])
                           : _mm512_setzero_ps();
        }
        dy[b][0] = _mm512_permutex2var_ps(part[0], even, part[1]);
        dy[b][1] = _mm512_permutex2var_ps(part[0], odd, part[1]);
      }
      __m512 rows[2][4];  // A·dY by columns: rows[c][ξ row]
      a_times(dy[0][0], dy[1][0], rows[0]);
      a_times(dy[0][1], dy[1][1], rows[1]);
      float* dm = g.dm + i * t.nq + 16 * k;
      for (std::size_t r = 0; r < 4; ++r) {
        __m512 out[4];
        a_times(rows[0][r], rows[1][r], out);
        for (std::size_t c = 0; c < 4; ++c) _mm512_storeu_ps(dm + (4 * r + c) * xi, out[c]);
      }
    }
  }
}

// ---- F(4x4, 3x3) ------------------------------------------------------------------------------
//
// Bᵀ = | 4  0 -5  0  1  0 |   G = |  1/4     0     0  |   Aᵀ = | 1  1  1  1  1  0 |
//      | 0 -4 -4  1  1  0 |       | -1/6  -1/6  -1/6 |        | 0  1 -1  2 -2  0 |
//      | 0  4 -4 -1  1  0 |       | -1/6   1/6  -1/6 |        | 0  1  1  4  4  0 |
//      | 0 -2 -1  2  1  0 |       | 1/24  1/12   1/6 |        | 0  1 -1  8 -8  1 |
//      | 0  2 -1 -2  1  0 |       | 1/24 -1/12   1/6 |
//      | 0  4  0 -5  0  1 |       |  0     0     1   |
//
// A vector holds S = 16 / tws tile-rows (slots). Each slot's patch row comes in as two loads of
// its image row, columns [-1, 15) and [15, 31); patch column j of the tile in slot lane t is
// column 4t + j - 1, picked by one two-source permute per slot and merged under the slot's mask.

// Bᵀ·d of six values (one patch column or row).
inline void b6(const __m512 (&d)[6], __m512 (&e)[6]) {
  const __m512 two = _mm512_set1_ps(2.0f), four = _mm512_set1_ps(4.0f), five = _mm512_set1_ps(5.0f);
  const __m512 s12 = _mm512_add_ps(d[1], d[2]), s34 = _mm512_add_ps(d[3], d[4]);
  const __m512 d12 = _mm512_sub_ps(d[1], d[2]), d43 = _mm512_sub_ps(d[4], d[3]);
  const __m512 d42 = _mm512_sub_ps(d[4], d[2]), d31 = _mm512_sub_ps(d[3], d[1]);
  e[0] = _mm512_fmadd_ps(four, d[0], _mm512_fnmadd_ps(five, d[2], d[4]));  // 4d0 - 5d2 + d4
  e[1] = _mm512_fnmadd_ps(four, s12, s34);                                 // (d3 + d4) - 4(d1 + d2)
  e[2] = _mm512_fmadd_ps(four, d12, d43);                                  // (d4 - d3) + 4(d1 - d2)
  e[3] = _mm512_fmadd_ps(two, d31, d42);                                   // (d4 - d2) + 2(d3 - d1)
  e[4] = _mm512_fnmadd_ps(two, d31, d42);                                  // (d4 - d2) - 2(d3 - d1)
  e[5] = _mm512_fmadd_ps(four, d[1], _mm512_fnmadd_ps(five, d[3], d[5]));  // 4d1 - 5d3 + d5
}

// Aᵀ·m of six values.
inline void a6(const __m512 (&m)[6], __m512 (&y)[4]) {
  const __m512 two = _mm512_set1_ps(2.0f), four = _mm512_set1_ps(4.0f), eight = _mm512_set1_ps(8.0f);
  const __m512 s12 = _mm512_add_ps(m[1], m[2]), s34 = _mm512_add_ps(m[3], m[4]);
  const __m512 d12 = _mm512_sub_ps(m[1], m[2]), d34 = _mm512_sub_ps(m[3], m[4]);
  y[0] = _mm512_add_ps(_mm512_add_ps(m[0], s12), s34);
  y[1] = _mm512_fmadd_ps(two, d34, d12);
  y[2] = _mm512_fmadd_ps(four, s34, s12);
  y[3] = _mm512_fmadd_ps(eight, d34, _mm512_add_ps(d12, m[5]));
}

inline __m512i iota() { return _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15); }

// Narrow: S = 4 and rows at most 15 wide, so columns [15, 31) are all outside and two slots'
// columns [-1, 15) make one two-source permute (lanes past column 14 zeroed by its mask).
template <std::size_t S, bool Narrow>
void input4_slots(const WinoInputArgs& g) {
  static_assert(!Narrow || S == 4);
  constexpr std::size_t tws = 16 / S;
  const WinoTiles& t = g.t;
  // idx[j], lane l: 4·(l mod tws) + j, patch column j of the lane's tile in (columns [-1, 15),
  // columns [15, 31)). A junk tile may wrap around to its own row's first columns. pair[j]: the
  // same in (slot 2p, slot 2p + 1)'s columns [-1, 15), inside[j] its lanes inside those.
  const __m512i tile = _mm512_slli_epi32(_mm512_and_si512(iota(), _mm512_set1_epi32(tws - 1)), 2);
  const __m512i odd_slot = _mm512_slli_epi32(_mm512_and_si512(iota(), _mm512_set1_epi32(4)), 2);
  __m512i idx[6], pair[6];
  __mmask16 inside[6];
  for (int j = 0; j < 6; ++j) {
    idx[j] = _mm512_add_epi32(tile, _mm512_set1_epi32(j));
    pair[j] = _mm512_add_epi32(idx[j], odd_slot);
    inside[j] = _mm512_cmplt_epi32_mask(idx[j], _mm512_set1_epi32(16));
  }
  const __mmask16 m_lo = columns_inside(-1, g.w), m_hi = columns_inside(15, g.w);
  const std::size_t plane = g.h * g.w, image = g.channels * plane, xi = g.channels * t.nq;
  for (std::size_t k = 0; k < t.nq / 16; ++k) {
    const float* base[S];
    std::ptrdiff_t row0[S];
    for (std::size_t s = 0; s < S; ++s) {
      std::size_t n = 0, ty = 0;
      tile_row(t, S * k + s, n, ty);
      base[s] = g.x + n * image;
      row0[s] = S * k + s < t.rows ? static_cast<std::ptrdiff_t>(4 * ty) - 1 : -8;  // junk: no row inside
    }
    for (std::size_t c = 0; c < g.channels; ++c) {
      __m512 f[6][6];  // d·B: patch row i, transformed column j
      for (std::size_t i = 0; i < 6; ++i) {
        __m512 lo[S], hi[S], d[6];
        for (std::size_t s = 0; s < S; ++s) {
          const std::ptrdiff_t r = row0[s] + static_cast<std::ptrdiff_t>(i);
          const bool in = r >= 0 && r < static_cast<std::ptrdiff_t>(g.h);
          const float* p = base[s] + c * plane + (in ? r : 0) * static_cast<std::ptrdiff_t>(g.w);
          lo[s] = _mm512_maskz_loadu_ps(in ? m_lo : 0, p - 1);
          if (!Narrow) hi[s] = _mm512_maskz_loadu_ps(in ? m_hi : 0, p + 15);
        }
        for (int j = 0; j < 6; ++j) {
          if constexpr (Narrow) {
            const __m512 low = _mm512_maskz_permutex2var_ps(inside[j], lo[0], pair[j], lo[1]);
            const __m512 high = _mm512_maskz_permutex2var_ps(inside[j], lo[2], pair[j], lo[3]);
            d[j] = _mm512_mask_blend_ps(0xFF00, low, high);
          } else {
            d[j] = _mm512_permutex2var_ps(lo[0], idx[j], hi[0]);
            for (std::size_t s = 1; s < S; ++s) {
              const auto mine = static_cast<__mmask16>(((1u << tws) - 1) << (s * tws));
              d[j] = _mm512_mask_mov_ps(d[j], mine, _mm512_permutex2var_ps(lo[s], idx[j], hi[s]));
            }
          }
        }
        b6(d, f[i]);
      }
      float* v = g.v + c * t.nq + 16 * k;
      for (std::size_t j = 0; j < 6; ++j) {
        const __m512 col[6] = {f[0][j], f[1][j], f[2][j], f[3][j], f[4][j], f[5][j]};
        __m512 e[6];
        b6(col, e);
        for (std::size_t i = 0; i < 6; ++i) _mm512_storeu_ps(v + (6 * i + j) * xi, e[i]);
      }
    }
  }
}

void input4(const WinoInputArgs& g) {
  if (g.t.tws == 4 && g.w <= 15) input4_slots<4, true>(g);
  else if (g.t.tws == 4) input4_slots<4, false>(g);
  else input4_slots<2, false>(g);
}

template <std::size_t S>
void output4_slots(const WinoOutputArgs& g) {
  constexpr std::size_t tws = 16 / S, halves = tws / 4;  // 16-float stores per slot's output row
  const WinoTiles& t = g.t;
  // Output lane L of half h of a slot: tile 4h + L/4, column b = L mod 4, from y_b. pick[h] reads
  // y0 / y1 (or y2 / y3) at the slot's first lane + 4h + L/4 (+16 for the odd b); the lanes with
  // b = 2, 3 then come from the second pair.
  const __m512i l = iota();
  __m512i pick[halves];
  for (std::size_t h = 0; h < halves; ++h)
    pick[h] = _mm512_add_epi32(_mm512_add_epi32(_mm512_srli_epi32(l, 2), _mm512_set1_epi32(static_cast<int>(4 * h))),
                               _mm512_slli_epi32(_mm512_and_si512(l, _mm512_set1_epi32(1)), 4));
  const std::size_t plane = g.ho * g.wo, image = g.m * plane, xi = g.m * t.nq;
  for_each_output_vector(g, [&](std::size_t i, std::size_t k, const float* mm, auto epilogue) {
    __m512 tr[4][6];  // Aᵀ·M: rows a, columns j
    for (std::size_t j = 0; j < 6; ++j) {
      __m512 col[6];
      for (std::size_t r = 0; r < 6; ++r) col[r] = _mm512_loadu_ps(mm + (6 * r + j) * xi);
      __m512 y[4];
      a6(col, y);
      for (std::size_t a = 0; a < 4; ++a) tr[a][j] = y[a];
    }
    for (std::size_t a = 0; a < 4; ++a) {
      __m512 y[4];  // output columns 4tx + b
      a6(tr[a], y);
      for (auto& v : y) v = epilogue(v);
      for (std::size_t s = 0; s < S; ++s) {
        if (S * k + s >= t.rows) break;
        std::size_t n = 0, ty = 0;
        tile_row(t, S * k + s, n, ty);
        const std::size_t r = 4 * ty + a;
        if (r >= g.ho) continue;
        float* out = g.y + n * image + i * plane + r * g.wo;
        for (std::size_t h = 0; h < halves && 16 * h < g.wo; ++h) {
          const __m512i at = _mm512_add_epi32(pick[h], _mm512_set1_epi32(static_cast<int>(s * tws)));
          const __m512 b01 = _mm512_permutex2var_ps(y[0], at, y[1]), b23 = _mm512_permutex2var_ps(y[2], at, y[3]);
          _mm512_mask_storeu_ps(out + 16 * h, lanes(g.wo - 16 * h), _mm512_mask_blend_ps(0xCCCC, b01, b23));
        }
      }
    }
  });
}

void output4(const WinoOutputArgs& g) {
  if (g.t.tws == 4) output4_slots<4>(g);
  else output4_slots<2>(g);
}

// A·p of four values (the adjoint of Aᵀ): (p0, p0 + p1 + p2 + p3, p0 - p1 + p2 - p3,
// (p0 + 4p2) + 2(p1 + 4p3), (p0 + 4p2) - 2(p1 + 4p3), p3).
inline void a6_adjoint(const __m512 (&p)[4], __m512 (&q)[6]) {
  const __m512 two = _mm512_set1_ps(2.0f), four = _mm512_set1_ps(4.0f);
  const __m512 s02 = _mm512_add_ps(p[0], p[2]), s13 = _mm512_add_ps(p[1], p[3]);
  const __m512 u = _mm512_fmadd_ps(four, p[2], p[0]), v = _mm512_fmadd_ps(four, p[3], p[1]);
  q[0] = p[0];
  q[1] = _mm512_add_ps(s02, s13);
  q[2] = _mm512_sub_ps(s02, s13);
  q[3] = _mm512_fmadd_ps(two, v, u);
  q[4] = _mm512_fnmadd_ps(two, v, u);
  q[5] = p[3];
}

// dM = A·dY·Aᵀ of the 4x4 block dY of dy under each tile: rows 4ty + b, columns 4t + c, picked
// from the row's columns [0, 16) and [16, 32) (zero outside ho x wo, so junk tiles give zeros).
template <std::size_t S>
void grad4_slots(const WinoGradArgs& g) {
  constexpr std::size_t tws = 16 / S;
  const WinoTiles& t = g.t;
  const __m512i tile = _mm512_slli_epi32(_mm512_and_si512(iota(), _mm512_set1_epi32(tws - 1)), 2);
  __m512i idx[4];
  for (int c = 0; c < 4; ++c) idx[c] = _mm512_add_epi32(tile, _mm512_set1_epi32(c));
  const __mmask16 m_lo = lanes(g.wo), m_hi = g.wo > 16 ? lanes(g.wo - 16) : 0;
  const std::size_t plane = g.ho * g.wo, image = g.m * plane, xi = g.m * t.nq;
  for (std::size_t i = 0; i < g.m; ++i) {
    for (std::size_t k = 0; k < t.nq / 16; ++k) {
      __m512 f[4][6];  // dY·Aᵀ: row b, transformed column j
      for (std::size_t b = 0; b < 4; ++b) {
        __m512 p[4];
        for (std::size_t s = 0; s < S; ++s) {
          std::size_t n = 0, ty = 0;
          tile_row(t, S * k + s, n, ty);
          const std::size_t r = 4 * ty + b;
          const bool inside = S * k + s < t.rows && r < g.ho;
          const float* row = g.dy + n * image + i * plane + (inside ? r : 0) * g.wo;
          const __m512 lo = _mm512_maskz_loadu_ps(inside ? m_lo : 0, row);
          const __m512 hi = _mm512_maskz_loadu_ps(inside ? m_hi : 0, row + 16);
          const auto mine = static_cast<__mmask16>(((1u << tws) - 1) << (s * tws));
          for (int c = 0; c < 4; ++c) {
            const __m512 col = _mm512_permutex2var_ps(lo, idx[c], hi);
            p[c] = s == 0 ? col : _mm512_mask_mov_ps(p[c], mine, col);
          }
        }
        a6_adjoint(p, f[b]);
      }
      float* dm = g.dm + i * t.nq + 16 * k;
      for (std::size_t j = 0; j < 6; ++j) {
        const __m512 col[4] = {f[0][j], f[1][j], f[2][j], f[3][j]};
        __m512 q[6];
        a6_adjoint(col, q);
        for (std::size_t r = 0; r < 6; ++r) _mm512_storeu_ps(dm + (6 * r + j) * xi, q[r]);
      }
    }
  }
}

void grad4(const WinoGradArgs& g) {
  if (g.t.tws == 4) grad4_slots<4>(g);
  else grad4_slots<2>(g);
}

// ---- U = G·g·Gᵀ -------------------------------------------------------------------------------

// Lanes of filters for the filter transforms, in G's type. mul and add are the _round forms
// (builtins the compiler does not contract into an FMA), so every value is the scalar
// expression's bit for bit.
struct FloatLanes {
  using T = float;
  using Vec = __m512;
  static constexpr std::size_t n = 16;
  static Vec set1(T v) { return _mm512_set1_ps(v); }
  static Vec mul(Vec a, Vec b) { return _mm512_mul_round_ps(a, b, _MM_FROUND_CUR_DIRECTION); }
  static Vec add(Vec a, Vec b) { return _mm512_add_round_ps(a, b, _MM_FROUND_CUR_DIRECTION); }
  // p[i·stride] for the lanes i in m.
  static Vec gather(const float* p, std::size_t stride, __mmask16 m) {
    const __m512i at = _mm512_mullo_epi32(_mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15),
                                          _mm512_set1_epi32(static_cast<int>(stride)));
    return _mm512_mask_i32gather_ps(_mm512_setzero_ps(), m, at, p, 4);
  }
  static void store(float* p, __mmask16 m, Vec v) { _mm512_mask_storeu_ps(p, m, v); }
};

struct DoubleLanes {
  using T = double;
  using Vec = __m512d;
  static constexpr std::size_t n = 8;
  static Vec set1(T v) { return _mm512_set1_pd(v); }
  static Vec mul(Vec a, Vec b) { return _mm512_mul_round_pd(a, b, _MM_FROUND_CUR_DIRECTION); }
  static Vec add(Vec a, Vec b) { return _mm512_add_round_pd(a, b, _MM_FROUND_CUR_DIRECTION); }
  static Vec gather(const float* p, std::size_t stride, __mmask16 m) {
    const __m256i at = _mm256_mullo_epi32(_mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7),
                                          _mm256_set1_epi32(static_cast<int>(stride)));
    return _mm512_cvtps_pd(_mm256_mmask_i32gather_ps(_mm256_setzero_ps(), static_cast<__mmask8>(m), at, p, 4));
  }
  // Rounded once to float (to nearest, as static_cast<float>).
  static void store(float* p, __mmask16 m, Vec v) { _mm256_mask_storeu_ps(p, static_cast<__mmask8>(m), _mm512_cvtpd_ps(v)); }
};

// L::n filters at a time: t = G·g (R x 3), then u = t·Gᵀ (R x R).
template <class L, int R>
void filters_with(const typename L::T (&G)[R][3], const WinoFilterArgs& a) {
  using Vec = typename L::Vec;
  for (std::size_t i0 = 0; i0 < a.count; i0 += L::n) {
    const __mmask16 m = lanes(a.count - i0);
    const float* w = a.w + i0 * a.w_stride;
    Vec g[3][3];
    for (int k = 0; k < 3; ++k)
      for (int l = 0; l < 3; ++l) g[k][l] = L::gather(w + (a.turned ? 3 * (2 - k) + (2 - l) : 3 * k + l), a.w_stride, m);
    Vec t[R][3];
    for (int i = 0; i < R; ++i)
      for (int l = 0; l < 3; ++l)
        t[i][l] = L::add(L::add(L::mul(L::set1(G[i][0]), g[0][l]), L::mul(L::set1(G[i][1]), g[1][l])),
                         L::mul(L::set1(G[i][2]), g[2][l]));
    for (int i = 0; i < R; ++i)
      for (int j = 0; j < R; ++j) {
        const Vec u = L::add(L::add(L::mul(t[i][0], L::set1(G[j][0])), L::mul(t[i][1], L::set1(G[j][1]))),
                             L::mul(t[i][2], L::set1(G[j][2])));
        L::store(a.u + static_cast<std::size_t>(R * i + j) * a.u_stride + i0, m, u);
      }
  }
}

void filters2(const WinoFilterArgs& a) { filters_with<FloatLanes>(kWinoG2, a); }
void filters4(const WinoFilterArgs& a) { filters_with<DoubleLanes>(kWinoG4, a); }

// ---- dW = Gᵀ·dU·G ------------------------------------------------------------------------------

// Columns [o0, o0 + 16·NV) of the nine rows of channel c, each summed in registers over the
// positions. The product and the sum are separate instructions (FloatLanes), so every element is
// the plain loop's ((0 + f₀d₀) + f₁d₁) + … bit for bit.
template <int NV>
void filter_grad_columns(const WinoFilterGradArgs& g, std::size_t c, std::size_t o0) {
  for (std::size_t kl = 0; kl < 9; ++kl) {
    __m512 acc[NV];
    for (int v = 0; v < NV; ++v) acc[v] = _mm512_setzero_ps();
    const float* coef = g.coef + kl * g.positions;
    for (std::size_t xi = 0; xi < g.positions; ++xi) {
      if (coef[xi] == 0.0f) continue;
      const __m512 f = _mm512_set1_ps(coef[xi]);
      const float* d = g.du + (xi * g.channels + c) * g.ldt + o0;
      for (int v = 0; v < NV; ++v)
        acc[v] = FloatLanes::add(acc[v], FloatLanes::mul(f, _mm512_loadu_ps(d + 16 * v)));
    }
    float* out = g.dwt + (c * 9 + kl) * g.ldt + o0;
    for (int v = 0; v < NV; ++v) _mm512_storeu_ps(out + 16 * v, acc[v]);
  }
}

void filter_grad(const WinoFilterGradArgs& g) {
  for (std::size_t c = 0; c < g.channels; ++c)
    for (std::size_t o0 = 0; o0 < g.ldt; o0 += 64) {
      switch ((g.ldt - o0) / 16) {
        case 1: filter_grad_columns<1>(g, c, o0); break;
        case 2: filter_grad_columns<2>(g, c, o0); break;
        case 3: filter_grad_columns<3>(g, c, o0); break;
        default: filter_grad_columns<4>(g, c, o0); break;
      }
    }
}

constexpr WinoKernels kKernels2 = {&input, &output, &grad, &filters2, &filter_grad};
constexpr WinoKernels kKernels4 = {&input4, &output4, &grad4, &filters4, &filter_grad};

}  // namespace

const WinoKernels* const kWino2Avx512 = &kKernels2;
const WinoKernels* const kWino4Avx512 = &kKernels4;

}  // namespace nnfs::conv_detail

#else

namespace nnfs::conv_detail {
const WinoKernels* const kWino2Avx512 = nullptr;
const WinoKernels* const kWino4Avx512 = nullptr;
}  // namespace nnfs::conv_detail

#endif
