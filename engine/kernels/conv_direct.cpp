// DirectConv's plans and per-sample driver (the math is in conv_direct.h, the loops in
// conv_avx512.cpp).
#include "engine/kernels/conv_direct.h"

#include <algorithm>
#include <cstdint>

#include "engine/core/error.h"
#include "engine/kernels/conv_panels.h"
#include "engine/kernels/gemm.h"
#include "engine/kernels/thread_buffer.h"

namespace nnfs {

using conv_detail::Planes;
using conv_detail::StoreSegment;

namespace {

std::size_t round_up(std::size_t x, std::size_t to) { return (x + to - 1) / to * to; }

// Up to this many taps and filters the weight gradient runs with pixels along the vectors
// (measured on one sample in cache: 9 taps x 8 filters 1.6x faster than channels along half-empty
// vectors; 16 or 32 filters, or 36 taps x 8 filters, slower).
constexpr std::size_t kPixelTaps = 16, kPixelChannels = 8;

const conv_detail::ConvKernels& kernels() { return *conv_detail::kConvAvx512; }

thread_local ThreadBuffer t_planes, t_transposed;

Planes make_planes(std::size_t channels, std::size_t h, std::size_t w, std::size_t pad_h, std::size_t pad_w,
                   std::size_t kw) {
  Planes p{channels, h, w, pad_h, pad_w, 0, 0, 0, 0};
  p.wp = w + pad_w;
  p.hp = h + 2 * pad_h;
  // The last row's right-hand padding (pad_w zeros) lies past the rows.
  p.plane = round_up(p.hp * p.wp + pad_w, 16);
  // Junk lanes of the last vector block read up to this far past the last plane.
  p.size = round_up(channels * p.plane + conv_detail::kMaxVectors * 16 + kw + 16, 16);
  return p;
}

// Output vector v covers q = 16v .. 16v + 15, q = oy·Wp + ox: one segment per image row it
// touches, holding the lanes with oy < HO and ox < WO.
void store_segments(std::size_t wp, std::size_t ho, std::size_t wo, std::size_t nvec, std::vector<StoreSegment>& seg,
                    std::vector<std::uint32_t>& begin) {
  for (std::size_t v = 0; v < nvec; ++v) {
    begin.push_back(static_cast<std::uint32_t>(seg.size()));
    for (std::size_t i = 0; i < 16;) {
      const std::size_t q = 16 * v + i, oy = q / wp, ox = q % wp, run = std::min(16 - i, wp - ox);
      if (oy < ho && ox < wo) {
        const std::size_t n = std::min(run, wo - ox);
        const auto mask = static_cast<std::uint32_t>(((1u << n) - 1u) << i);
        seg.push_back({static_cast<std::ptrdiff_t>(oy * wo + ox) - static_cast<std::ptrdiff_t>(i), mask});
      }
      i += run;
    }
  }
  begin.push_back(static_cast<std::uint32_t>(seg.size()));
}

}  // namespace

bool DirectConv::applies(const ConvGeometry& g) {
  if (g.stride_h != 1 || g.stride_w != 1 || g.pad_h >= g.kh || g.pad_w >= g.kw) return false;
  if (g.out_h() == 0 || g.out_w() == 0) return false;
  // Tap offsets are 32-bit: the padded planes must stay well below 2^31 floats.
  const std::size_t planes = std::max(g.c, std::size_t{1}) * (g.h + 2 * g.kh) * (g.w + 2 * g.kw);
  if (planes > std::size_t{1} << 28) return false;
  return conv_detail::kConvAvx512 != nullptr && gemm_active_isa() == GemmIsa::Avx512;
}

DirectConv::Pass DirectConv::plan(std::size_t channels, std::size_t h, std::size_t w, std::size_t pad_h,
                                  std::size_t pad_w, std::size_t kh, std::size_t kw, std::size_t m) {
  Pass p;
  p.planes = make_planes(channels, h, w, pad_h, pad_w, kw);
  p.m = m;
  p.ho = h + 2 * pad_h - kh + 1;
  p.wo = w + 2 * pad_w - kw + 1;
  p.nvec = (p.ho * p.planes.wp + 15) / 16;
  for (std::size_t c = 0; c < channels; ++c)
    for (std::size_t ky = 0; ky < kh; ++ky)
      for (std::size_t kx = 0; kx < kw; ++kx)
        p.off.push_back(static_cast<std::int32_t>(c * p.planes.plane + ky * p.planes.wp + kx));
  store_segments(p.planes.wp, p.ho, p.wo, p.nvec, p.seg, p.seg_begin);
  return p;
}

DirectConv::DirectConv(const ConvGeometry& g, std::size_t out_channels)
    : g_(g), co_(out_channels), taps_(g.patch()), ldt_(round_up(out_channels, 16)) {
  if (g.stride_h != 1 || g.stride_w != 1 || g.pad_h >= g.kh || g.pad_w >= g.kw)
    throw Error("DirectConv: needs stride 1 and padding smaller than the window");
  forward_ = plan(g.c, g.h, g.w, g.pad_h, g.pad_w, g.kh, g.kw, co_);
  input_grad_ = plan(co_, g.out_h(), g.out_w(), g.kh - 1 - g.pad_h, g.kw - 1 - g.pad_w, g.kh, g.kw, g.c);
}

void DirectConv::pack_forward(const float* weight, float* a) const {
  conv_detail::pack_panels(taps_, co_, a, [&](std::size_t t, std::size_t o) { return weight[o * taps_ + t]; });
}

// Tap t = (co, k) with k = ky·KW + kx of the window; window - 1 - k flips both directions.
void DirectConv::pack_input_grad(const float* weight, float* a) const {
  const std::size_t window = g_.kh * g_.kw;
  conv_detail::pack_panels(co_ * window, g_.c, a, [&](std::size_t t, std::size_t c) {
    const std::size_t o = t / window, k = t % window;
    return weight[(o * g_.c + c) * window + window - 1 - k];
  });
}

void DirectConv::run(const Pass& pass, const float* a, const float* x, const float* bias, bool relu,
                     float* y) const {
  float* planes = t_planes.get(pass.planes.size);
  kernels().pad_planes(x, pass.planes, planes);
  const conv_detail::PlaneConvArgs args{pass.m,    pass.off.size(),       a,    pass.off.data(),
                                        planes,    pass.nvec,             pass.seg.data(),
                                        pass.seg_begin.data(), y, pass.ho * pass.wo, bias, relu};
  kernels().plane_conv(args);
}

void DirectConv::forward(const float* a, const float* x, const float* bias, bool relu, float* y) const {
  run(forward_, a, x, bias, relu, y);
}

void DirectConv::input_grad(const float* a, const float* dy, float* dx) const {
  run(input_grad_, a, dy, nullptr, false, dx);
}

// Few taps and filters (a small first layer): the pixels go along the vectors and dy is read as it
// is; otherwise dy is transposed once and the channels go along the vectors.
void DirectConv::weight_grad(const float* x, const float* dy, bool accumulate, float* dwt) const {
  const Pass& p = forward_;
  float* planes = t_planes.get(p.planes.size);
  kernels().pad_planes(x, p.planes, planes);
  conv_detail::WeightGradArgs args{taps_, co_, ldt_, p.off.data(), planes, p.planes.wp, p.ho, p.wo,
                                   dy,    nullptr, dwt, accumulate};
  if (taps_ <= kPixelTaps && co_ <= kPixelChannels) {
    kernels().weight_grad_pixels(args);
    return;
  }
  const std::size_t pixels = p.ho * p.wo;
  float* dyt = t_transposed.get(pixels * ldt_);
  kernels().transpose(dy, co_, pixels, dyt, ldt_);
  args.dyt = dyt;
  kernels().weight_grad(args);
}

}  // namespace nnfs
