// WinogradConv's plans, weight transforms and chunk loop (the math is in winograd.h, the
// transforms in winograd_avx512.cpp, the products in conv_avx512.cpp).
#include "engine/kernels/winograd.h"

#include <algorithm>

#include "engine/core/error.h"
#include "engine/core/parallel.h"
#include "engine/kernels/conv_panels.h"
#include "engine/kernels/gemm.h"
#include "engine/kernels/thread_buffer.h"
#include "engine/kernels/winograd_isa.h"

namespace nnfs {

namespace conv_detail {
const float kWinoG2[4][3] = {{1.0f, 0.0f, 0.0f}, {0.5f, 0.5f, 0.5f}, {0.5f, -0.5f, 0.5f}, {0.0f, 0.0f, 1.0f}};
// F(4x4, 3x3)'s G, rows in double: U is computed in double and rounded once.
const double kWinoG4[6][3] = {{1.0 / 4, 0.0, 0.0},         {-1.0 / 6, -1.0 / 6, -1.0 / 6}, {-1.0 / 6, 1.0 / 6, -1.0 / 6},
                              {1.0 / 24, 1.0 / 12, 1.0 / 6}, {1.0 / 24, -1.0 / 12, 1.0 / 6}, {0.0, 0.0, 1.0}};
}  // namespace conv_detail

using conv_detail::WinoTiles;

namespace {

// V and M of one chunk (16 or 36 positions x (input + output planes) x lanes) stay within this, well
// inside a 2 MB L2 next to the weights and the padded images.
constexpr std::size_t kChunkBytes = 768 * 1024;
// 4x4 tiles: chunks of at most 3 vectors of lanes, one register tile of plane_conv (conv_isa.h)
// wide, within this. Measured on cnn-large: 3 vectors beat 2, 4 and 6 (6 spill L2 at 96 and 128
// planes: 1.8 MB).
constexpr std::size_t kTile4ChunkBytes = 1024 * 1024;

std::size_t round_up(std::size_t x, std::size_t to) { return (x + to - 1) / to * to; }

const conv_detail::ConvKernels& conv() { return *conv_detail::kConvAvx512; }

thread_local ThreadBuffer t_v, t_m, t_mt, t_du, t_u;
thread_local std::vector<std::int32_t> t_off;

// f[(3k + l)·r² + r·i + j] = G[i][k]·G[j][l], the coefficients of dW = Gᵀ·dU·G (in T, rounded once).
template <class T, int R>
std::vector<float> weight_grad_coefficients(const T (&G)[R][3]) {
  std::vector<float> f;
  for (int k = 0; k < 3; ++k)
    for (int l = 0; l < 3; ++l)
      for (int i = 0; i < R; ++i)
        for (int j = 0; j < R; ++j) f.push_back(static_cast<float>(G[i][k] * G[j][l]));
  return f;
}

}  // namespace

bool WinogradConv::applies(const ConvGeometry& g, std::size_t out_channels) {
  if (g.kh != 3 || g.kw != 3 || g.stride_h != 1 || g.stride_w != 1 || g.pad_h != 1 || g.pad_w != 1) return false;
  if (g.out_w() > 32 || g.c < kMinChannels || out_channels < kMinChannels) return false;
  return conv_detail::kWino2Avx512 != nullptr && conv_detail::kWino4Avx512 != nullptr &&
         conv_detail::kConvAvx512 != nullptr && gemm_active_isa() == GemmIsa::Avx512;
}

WinogradConv::WinogradConv(const ConvGeometry& g, std::size_t out_channels, std::size_t tile)
    : g_(g), co_(out_channels), tile_(tile) {
  if (g.kh != 3 || g.kw != 3 || g.stride_h != 1 || g.stride_w != 1 || g.pad_h != 1 || g.pad_w != 1 || g.out_w() > 32)
    throw Error("WinogradConv: needs a 3x3 window, stride 1, padding 1 and outputs at most 32 wide");
  if (tile != 2 && (tile != 4 || g.out_w() > 28))
    throw Error("WinogradConv: the tile is 2, or 4 for outputs at most 28 wide");
  th_ = (g.out_h() + tile - 1) / tile;
  tw_ = (g.out_w() + tile - 1) / tile;
  if (tile == 2) {
    tws_ = tw_ <= 8 ? 8 : 16;
    kernels_ = conv_detail::kWino2Avx512;
    dw_g_ = weight_grad_coefficients(conv_detail::kWinoG2);
  } else {
    tws_ = tw_ <= 4 ? 4 : 8;
    kernels_ = conv_detail::kWino4Avx512;
    dw_g_ = weight_grad_coefficients(conv_detail::kWinoG4);
  }
  forward_ = side(g.c, co_);
  backward_ = side(co_, g.c);
  const std::size_t vectors = std::max(chunk_lanes(forward_.rows), chunk_lanes(backward_.rows)) / 16;
  for (std::size_t v = 0; v < vectors; ++v) {
    seg_begin_.push_back(static_cast<std::uint32_t>(v));
    seg_.push_back({static_cast<std::ptrdiff_t>(16 * v), 0xffffu});
  }
  seg_begin_.push_back(static_cast<std::uint32_t>(vectors));
}

// Chunks hold as many tile-rows as the L2 budget allows (a multiple of the slots per vector, so
// that slots fill whole vectors).
WinogradConv::Side WinogradConv::side(std::size_t cin, std::size_t m) const {
  Side s;
  s.cin = cin;
  s.m = m;
  const std::size_t slots = 16 / tws_;
  if (tile_ == 4) {
    const std::size_t vectors = kTile4ChunkBytes / (positions() * (cin + m) * sizeof(float)) / 16;
    s.rows = std::clamp<std::size_t>(vectors, 1, 3) * slots;
    return s;
  }
  const std::size_t lanes = kChunkBytes / (positions() * (cin + m) * sizeof(float));
  s.rows = std::max<std::size_t>(lanes / tws_ / slots * slots, slots);
  return s;
}

std::size_t WinogradConv::chunk_lanes(std::size_t rows) const { return round_up(rows * tws_, 16); }

// U[ξ] of every (output, input) filter pair: [ξ, C taps, CO planes] for the forward pass, or of
// the flipped filters [ξ, CO taps, C planes] for the input gradient; then in panel order. Once
// per pass on the calling thread's weights, so both steps are split over the pool, and the
// filters are transformed 16 (8 in double) at a time: cnn-large's 6x6 transforms, one filter at
// a time in scalar code, were 1.8% of an epoch on two threads.
void WinogradConv::pack(const float* weight, bool flipped, float* u) const {
  float* tmp = t_u.get(packed_size());
  const std::size_t positions = this->positions();
  // tmp[ξ, C, CO] (forward) or tmp[ξ, CO, C] (flipped), its last index along the kernel's lanes:
  // filters (c, o0..o1) at stride C·9 in the weights, or (o, 0..C) at stride 9.
  const std::size_t c_count = g_.c, u_stride = c_count * co_;
  parallel_ranges(co_, 0, [&](std::size_t o0, std::size_t o1) {
    if (flipped)
      for (std::size_t o = o0; o < o1; ++o)
        kernels_->filters({c_count, weight + o * c_count * 9, 9, true, tmp + o * c_count, u_stride});
    else
      for (std::size_t c = 0; c < c_count; ++c)
        kernels_->filters({o1 - o0, weight + (o0 * c_count + c) * 9, c_count * 9, false, tmp + c * co_ + o0, u_stride});
  });
  const std::size_t taps = flipped ? co_ : g_.c, planes = flipped ? g_.c : co_;
  parallel_ranges(positions, 0, [&](std::size_t x0, std::size_t x1) {
    for (std::size_t xi = x0; xi < x1; ++xi) {
      const float* src = tmp + xi * taps * planes;
      conv_detail::pack_panels(taps, planes, u + xi * taps * planes,
                               [&](std::size_t t, std::size_t i) { return src[t * planes + i]; });
    }
  });
}

// Per chunk of tile-rows: V = input transform, M[ξ] = U[ξ]·V[ξ] for the 16 (36) positions, out
// = output transform.
void WinogradConv::run(const Side& s, const float* u, const float* in, std::size_t n, const float* bias, bool relu,
                       float* out) const {
  const std::size_t total = n * th_, rows = std::min(s.rows, total), nq = chunk_lanes(rows);
  const std::size_t positions = this->positions();
  t_off.resize(s.cin);
  for (std::size_t c = 0; c < s.cin; ++c) t_off[c] = static_cast<std::int32_t>(c * nq);
  float* v = t_v.get(positions * s.cin * nq);
  float* mm = t_m.get(positions * s.m * nq);
  const std::size_t in_image = s.cin * g_.h * g_.w, out_image = s.m * g_.h * g_.w;
  const auto input = kernels_->input;
  const auto output = kernels_->output;
  for (std::size_t row0 = 0; row0 < total; row0 += rows) {
    const WinoTiles t{th_, tw_, tws_, row0, std::min(rows, total - row0), nq};
    const std::size_t first = row0 / th_;
    input({t, s.cin, g_.h, g_.w, in + first * in_image, v});
    for (std::size_t xi = 0; xi < positions; ++xi)
      conv().plane_conv({s.m, s.cin, u + xi * s.cin * s.m, t_off.data(), v + xi * s.cin * nq, nq / 16, seg_.data(),
                         seg_begin_.data(), mm + xi * s.m * nq, nq, nullptr, false});
    output({t, s.m, mm, g_.h, g_.w, out + first * out_image, bias, relu});
  }
}

void WinogradConv::forward(const float* u, const float* x, std::size_t n, const float* bias, bool relu,
                           float* y) const {
  run(forward_, u, x, n, bias, relu, y);
}

void WinogradConv::input_grad(const float* u, const float* dy, std::size_t n, float* dx) const {
  run(backward_, u, dy, n, nullptr, false, dx);
}

// Per chunk: V of x, dM of dy, then dU[ξ] (+)= V[ξ]·dM[ξ]ᵀ (dM transposed to [tiles, ldt] for
// the weight-gradient kernel). At the end dW = Gᵀ·dU·G, written as dWᵀ [C·9, ldt].
void WinogradConv::weight_grad(const float* x, const float* dy, std::size_t n, float* dwt, std::size_t ldt) const {
  if (ldt % 16 != 0 || ldt < co_)
    throw Error("WinogradConv::weight_grad: ldt must be a multiple of 16 and at least the filter count");
  const Side& s = forward_;
  const std::size_t total = n * th_, rows = std::min(s.rows, total), nq = chunk_lanes(rows);
  const std::size_t positions = this->positions();
  t_off.resize(g_.c);
  for (std::size_t c = 0; c < g_.c; ++c) t_off[c] = static_cast<std::int32_t>(c * nq);
  float* v = t_v.get(positions * g_.c * nq);
  float* dm = t_m.get(positions * co_ * nq);
  float* dmt = t_mt.get(nq * ldt);
  float* du = t_du.get(positions * g_.c * ldt);
  const auto input = kernels_->input;
  const auto grad = kernels_->grad;
  for (std::size_t row0 = 0; row0 < total; row0 += rows) {
    const WinoTiles t{th_, tw_, tws_, row0, std::min(rows, total - row0), nq};
    const std::size_t first = row0 / th_;
    input({t, g_.c, g_.h, g_.w, x + first * g_.c * g_.h * g_.w, v});
    grad({t, co_, dy + first * co_ * g_.h * g_.w, g_.h, g_.w, dm});
    for (std::size_t xi = 0; xi < positions; ++xi) {
      conv().transpose(dm + xi * co_ * nq, co_, nq, dmt, ldt);
      conv().weight_grad({g_.c, co_, ldt, t_off.data(), v + xi * g_.c * nq, nq, 1, nq, nullptr, dmt,
                          du + xi * g_.c * ldt, row0 > 0});
    }
  }
  // dW[(c, k, l), o] = Σ_{i,j} G[i][k]·dU[r·i + j][c, o]·G[j][l]   (G with r = 4 or 6 rows; the
  // coefficients from dw_g_, zeros skipped)
  kernels_->filter_grad({g_.c, positions, ldt, du, dw_g_.data(), dwt});
}

}  // namespace nnfs
