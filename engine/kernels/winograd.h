// WinogradConv: 3x3 stride-1 convolutions with padding 1, forward and backward, by Winograd's
// minimal filtering F(2x2, 3x3) (Lavin & Gray 2016) — 16 multiplications per 2x2 outputs and
// input channel instead of 36.
//
// Forward. Cut the output into 2x2 tiles; tile (ty, tx) reads the 4x4 input patch d at rows
// 2ty - 1 .. 2ty + 2, columns 2tx - 1 .. 2tx + 2 (zero outside the image). For each filter g
// [3x3] and patch:
//
//   U = G·g·Gᵀ   V = Bᵀ·d·B   (4x4 each)        y_tile = Aᵀ·[Σ_c U[co, c] ⊙ V[c]]·A   (2x2)
//
//   G = | 1    0    0  |   Bᵀ = | 1  0 -1  0 |   Aᵀ = | 1  1  1  0 |
//       | 1/2  1/2  1/2|        | 0  1  1  0 |        | 0  1 -1 -1 |
//       | 1/2 -1/2  1/2|        | 0 -1  1  0 |
//       | 0    0    1  |        | 0  1  0 -1 |
//
// The sum over input channels, for each of the 16 positions ξ of the 4x4 tile, is a matrix
// product M[ξ] [CO, tiles] = U[ξ] [CO, C] · V[ξ] [C, tiles]: 16 products run by DirectConv's
// plane kernel (conv_isa.h, with taps = input channels and unit offsets). The result equals the
// direct convolution up to rounding (the transforms are exact linear maps; G's halves are exact).
//
// Input gradient: for stride 1 and padding 1 it is the forward convolution of dy with the
// flipped, transposed weights (conv_direct.h), so the same three steps on dy.
//
// Weight gradient: with dM = A·dY·Aᵀ (4x4) for the 2x2 block dY of dy under each tile,
//
//   dU[ξ] [CO, C] = Σ_tiles dM[ξ] [CO, tiles] · V[ξ]ᵀ [tiles, C]      dW[co, c] = Gᵀ·dU·G (3x3)
//
// (the adjoints of the forward's linear maps), the sum run by DirectConv's weight-gradient kernel.
//
// F(4x4, 3x3) (Lavin & Gray's second algorithm; winograd_avx512.cpp has Bᵀ, G and Aᵀ) takes 4x4
// output tiles and 6x6 patches: 36 multiplications per 16 outputs instead of 64 (and 144
// directly), the same three steps with 36 positions. Its G holds sixths, so U is rounded and the
// result is the direct convolution's within a few more ulps than F(2x2)'s. It runs all three
// passes of layers with at least kMinTile4Channels channels in and out, 14 to 28 wide
// (tile_for); the weight gradient's dM = A·dY·Aᵀ and dW = Gᵀ·dU·G with its 6x4 A and 6x3 G.
//
// The constructor picks the tile's transforms (one table per tile, winograd_isa.h) and its G
// once. Tiles of several images are processed in chunks of tile-rows sized so that V and M stay
// in L2 (winograd_isa.h has the layout). Sums run in a fixed order (chunks in order, channels
// in order), so results never depend on the thread count.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "engine/kernels/conv_isa.h"
#include "engine/kernels/im2col.h"

namespace nnfs {

namespace conv_detail {
struct WinoKernels;
}  // namespace conv_detail

class WinogradConv {
 public:
  // True when WinogradConv runs geometry g with `out_channels` filters here: a 3x3 window,
  // stride 1, padding 1, an output at most 32 pixels wide, at least kMinChannels input and
  // output channels (fewer leave the transforms as costly as the products), and the AVX-512 path
  // active (gemm_active_isa()).
  static bool applies(const ConvGeometry& g, std::size_t out_channels);
  static constexpr std::size_t kMinChannels = 16;
  // Where applies(), whether its weight gradient also beats DirectConv's: with 4x4 tiles (measured
  // on cnn-large: conv2 (32x32 channels) 30% faster, conv3 (32x64) 7%, conv4 (64x64) as fast as
  // with 2x2 tiles), or with 2x2 tiles for at least kMinWeightGradPairs (input, output) channel
  // pairs. Fewer leave F(2x2)'s transforms of x and dy and the transposed copy of dM as costly as
  // the products saved (32x32 and 32x64 channels slower than DirectConv, 64x64 faster).
  static bool wins_weight_grad(const ConvGeometry& g, std::size_t out_channels) {
    return tile_for(g, out_channels) == 4 || g.c * out_channels >= kMinWeightGradPairs;
  }
  static constexpr std::size_t kMinWeightGradPairs = 64 * 64;

  // The output tile where applies(): 4 (F(4x4, 3x3)) for at least kMinTile4Channels channels in
  // and out and outputs 14 to 28 wide, else 2. Measured: cnn-large's conv2-4 forward and input
  // gradient 8-50% faster, its epoch 9% faster. Narrower outputs waste much of a 4x4 tile (a 7x7
  // output is covered by 8x8, 31% padding) and gained 2% of the speedrun's epoch, whose recipe
  // keeps the 2x2 tiles it was validated with.
  static std::size_t tile_for(const ConvGeometry& g, std::size_t out_channels) {
    const bool wide = g.out_w() >= 14 && g.out_w() <= 28;
    return g.c >= kMinTile4Channels && out_channels >= kMinTile4Channels && wide ? 4 : 2;
  }
  static constexpr std::size_t kMinTile4Channels = 32;

  WinogradConv() = default;
  // tile: 2 or 4 output pixels a side (4: outputs at most 28 wide).
  WinogradConv(const ConvGeometry& g, std::size_t out_channels, std::size_t tile = 2);

  std::size_t tile() const { return tile_; }
  std::size_t positions() const { return (tile_ + 2) * (tile_ + 2); }  // ξ: 16 or 36
  std::size_t packed_size() const { return positions() * g_.c * co_; }  // floats of transformed weights
  // U[ξ] = G·W[co, c]·Gᵀ, as 16 (36) matrices in plane_conv's panel order (taps = C, planes = CO).
  void pack_forward(const float* weight, float* u) const { pack(weight, false, u); }
  // The same of the flipped weights W'[c, co] = W[co, c, 2-ky, 2-kx] (taps = CO, planes = C).
  void pack_input_grad(const float* weight, float* u) const { pack(weight, true, u); }

  // n images each. y [n, CO, H, W] = relu?(W ⋆ x + b) (bias may be null).
  void forward(const float* u, const float* x, std::size_t n, const float* bias, bool relu, float* y) const;
  // dx [n, C, H, W] = W' ⋆ dy (overwritten).
  void input_grad(const float* u, const float* dy, std::size_t n, float* dx) const;
  // dwt [C·9, ldt] = dWᵀ summed over the n images (overwritten; columns >= CO are zero; ldt a
  // multiple of 16, at least CO).
  void weight_grad(const float* x, const float* dy, std::size_t n, float* dwt, std::size_t ldt) const;

 private:
  // One direction: `cin` planes in, `m` planes out.
  struct Side {
    std::size_t cin = 0, m = 0, rows = 0;  // rows: tile-rows per chunk (L2 budget)
  };
  Side side(std::size_t cin, std::size_t m) const;
  void pack(const float* weight, bool flipped, float* u) const;
  std::size_t chunk_lanes(std::size_t rows) const;
  void run(const Side& s, const float* u, const float* in, std::size_t n, const float* bias, bool relu,
           float* out) const;

  ConvGeometry g_{};
  std::size_t co_ = 0, tile_ = 2;
  std::size_t th_ = 0, tw_ = 0, tws_ = 0;  // tiles per image: rows, columns; lanes per tile-row slot
  const conv_detail::WinoKernels* kernels_ = nullptr;  // the tile's transforms (null without AVX-512)
  std::vector<float> dw_g_;  // [3k + l][r·i + j] = G[i][k]·G[j][l], the coefficients of dW = Gᵀ·dU·G
  Side forward_, backward_;                // on x (C -> CO) / on dy (CO -> C)
  std::vector<conv_detail::StoreSegment> seg_;  // plane_conv's stores: vector v at 16v, whole
  std::vector<std::uint32_t> seg_begin_;
};

}  // namespace nnfs
