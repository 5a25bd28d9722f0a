// Internal interface between the Winograd driver (winograd.cpp) and its AVX-512 transforms
// (winograd_avx512.cpp). Plain structs and declarations only (see gemm_isa.h for why).
//
// Tiles: an image's output is cut into th x tw tiles of 2x2 pixels (F(2x2, 3x3)) or 4x4 pixels
// (F(4x4, 3x3)). The tiles of a chunk lie along q: tile-row r of the chunk (global tile-row
// g = row0 + r = image n·th + tile row ty) fills the slot of lanes [r·tws, r·tws + tws), tile
// column tx at lane r·tws + tx; lanes with tx >= tw are junk tiles (computed from zeros or from
// their own image row, never stored). tws is 8 or 16 for 2x2 tiles and 4 or 8 for 4x4 tiles, so a
// vector of 16 lanes holds one, two or four tile-rows.
#pragma once

#include <cstddef>

namespace nnfs::conv_detail {

struct WinoTiles {
  std::size_t th, tw, tws;  // tile rows and columns of an image; lanes per tile-row slot (8 or 16)
  std::size_t row0, rows;   // the chunk's global tile-rows [row0, row0 + rows)
  std::size_t nq;           // lanes per plane of the chunk: rows·tws rounded up to 16
};

// v[ξ, c, q] = (Bᵀ·d·B)[ξ] (ξ = 4i + j) of the 4x4 patch d of tile q in channel c: rows
// 2ty - 1 .. 2ty + 2, columns 2tx - 1 .. 2tx + 2 of the image, zero outside it (read straight
// from x with masked loads; no padded copy).
struct WinoInputArgs {
  WinoTiles t;
  std::size_t channels, h, w;
  const float* x;  // image row0 / th's [channels, h, w]; image stride channels·h·w
  float* v;        // [16, channels, nq]
};

// y[n, i, 2ty + a, 2tx + b] = relu?(bias[i] + (Aᵀ·M·A)[a, b]), M[ξ] = mm[ξ, i, q] of tile q, for
// the outputs inside ho x wo. y points at image row0 / th.
struct WinoOutputArgs {
  WinoTiles t;
  std::size_t m;                // output planes
  const float* mm;              // [16, m, nq]
  std::size_t ho, wo;
  float* y;                     // image stride m·ho·wo
  const float* bias;            // [m] or null
  bool relu;
};

// dm[ξ, i, q] = (A·dY·Aᵀ)[ξ] of the 2x2 block dY of dy under tile q in plane i (zero outside
// ho x wo, and for junk tiles). dy points at image row0 / th.
struct WinoGradArgs {
  WinoTiles t;
  std::size_t m;
  const float* dy;              // image stride m·ho·wo
  std::size_t ho, wo;
  float* dm;                    // [16, m, nq]
};

// u[ξ·u_stride + i] = (G·g_i·Gᵀ)[ξ] for `count` 3x3 filters g_i (row-major at w + i·w_stride, or
// rotated by 180° when turned), ξ = r·a + b; each element the sum of three products then the sum
// of three products of those, left to right (no fused multiply-add), in G's type: float for
// F(2x2, 3x3), double rounded once for F(4x4, 3x3).
struct WinoFilterArgs {
  std::size_t count;
  const float* w;
  std::size_t w_stride;
  bool turned;
  float* u;
  std::size_t u_stride;
};

// The filter transforms' G (defined in winograd.cpp, which also derives dW's coefficients from them).
extern const float kWinoG2[4][3];
extern const double kWinoG4[6][3];

// dwt[c·9 + kl, o] = Σ_ξ coef[kl·positions + ξ] · du[ξ, c, o] over the nonzero coefficients, in
// ξ order, each term a product then a sum (no fused multiply-add: the bits of the plain loop)
// for o < ldt: the weight gradient's dW = Gᵀ·dU·G with coef[3k + l][r·i + j] = G[i][k]·G[j][l].
struct WinoFilterGradArgs {
  std::size_t channels, positions, ldt;  // ldt a multiple of 16
  const float* du;                       // [positions, channels, ldt]
  const float* coef;                     // [9, positions]
  float* dwt;                            // [channels·9, ldt]
};

// One tile size's transforms: F(2x2, 3x3)'s (16 positions ξ = 4i + j, as above) or F(4x4, 3x3)'s
// (36 positions ξ = 6i + j of the 6x6 patch at rows 4ty - 1 .. 4ty + 4, columns 4tx - 1 .. 4tx + 4;
// 4x4 outputs; v and mm [36, planes, nq]; images at most 28 wide).
struct WinoKernels {
  void (*input)(const WinoInputArgs& args);
  void (*output)(const WinoOutputArgs& args);
  void (*grad)(const WinoGradArgs& args);
  void (*filters)(const WinoFilterArgs& args);          // U = G·g·Gᵀ with this tile's G
  void (*filter_grad)(const WinoFilterGradArgs& args);  // the same for both tiles
};

// F(2x2, 3x3)'s and F(4x4, 3x3)'s tables; nullptr when the back end was not compiled in (non-x86
// builds).
extern const WinoKernels* const kWino2Avx512;
extern const WinoKernels* const kWino4Avx512;

}  // namespace nnfs::conv_detail
