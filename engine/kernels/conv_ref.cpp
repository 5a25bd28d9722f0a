#include "engine/kernels/conv_ref.h"

#include <vector>

namespace nnfs {

namespace {

// The input pixel tap (ky, kx) of output (oy, ox) reads, or false when it is padding.
bool input_pixel(const ConvGeometry& g, std::size_t oy, std::size_t ox, std::size_t ky, std::size_t kx,
                 std::size_t& iy, std::size_t& ix) {
  const long y = static_cast<long>(oy * g.stride_h + ky) - static_cast<long>(g.pad_h);
  const long x = static_cast<long>(ox * g.stride_w + kx) - static_cast<long>(g.pad_w);
  if (y < 0 || x < 0 || y >= static_cast<long>(g.h) || x >= static_cast<long>(g.w)) return false;
  iy = static_cast<std::size_t>(y);
  ix = static_cast<std::size_t>(x);
  return true;
}

}  // namespace

void conv2d_reference(const ConvGeometry& g, std::size_t out_channels, const float* x,
                      const float* weight, const float* bias, float* y) {
  const std::size_t ho = g.out_h(), wo = g.out_w();
  for (std::size_t co = 0; co < out_channels; ++co)
    for (std::size_t oy = 0; oy < ho; ++oy)
      for (std::size_t ox = 0; ox < wo; ++ox) {
        double sum = bias ? bias[co] : 0.0;
        for (std::size_t c = 0; c < g.c; ++c)
          for (std::size_t ky = 0; ky < g.kh; ++ky)
            for (std::size_t kx = 0; kx < g.kw; ++kx) {
              std::size_t iy = 0, ix = 0;
              if (!input_pixel(g, oy, ox, ky, kx, iy, ix)) continue;
              sum += static_cast<double>(weight[((co * g.c + c) * g.kh + ky) * g.kw + kx]) *
                     x[(c * g.h + iy) * g.w + ix];
            }
        y[(co * ho + oy) * wo + ox] = static_cast<float>(sum);
      }
}

// One walk over every (co, oy, ox, c, ky, kx) of the forward loops, sending each product's
// derivative to where it belongs.
void conv2d_backward_reference(const ConvGeometry& g, std::size_t out_channels, const float* x,
                               const float* weight, const float* dy, float* dx, float* dweight,
                               float* dbias) {
  const std::size_t ho = g.out_h(), wo = g.out_w();
  std::vector<double> gx(g.in_size(), 0.0), gw(out_channels * g.patch(), 0.0), gb(out_channels, 0.0);
  for (std::size_t co = 0; co < out_channels; ++co)
    for (std::size_t oy = 0; oy < ho; ++oy)
      for (std::size_t ox = 0; ox < wo; ++ox) {
        const double d = dy[(co * ho + oy) * wo + ox];
        gb[co] += d;
        for (std::size_t c = 0; c < g.c; ++c)
          for (std::size_t ky = 0; ky < g.kh; ++ky)
            for (std::size_t kx = 0; kx < g.kw; ++kx) {
              std::size_t iy = 0, ix = 0;
              if (!input_pixel(g, oy, ox, ky, kx, iy, ix)) continue;
              const std::size_t wi = ((co * g.c + c) * g.kh + ky) * g.kw + kx, xi = (c * g.h + iy) * g.w + ix;
              gx[xi] += static_cast<double>(weight[wi]) * d;
              gw[wi] += static_cast<double>(x[xi]) * d;
            }
      }
  for (std::size_t i = 0; i < gx.size(); ++i) dx[i] = static_cast<float>(gx[i]);
  for (std::size_t i = 0; i < gw.size(); ++i) dweight[i] = static_cast<float>(gw[i]);
  for (std::size_t i = 0; i < gb.size(); ++i) dbias[i] = static_cast<float>(gb[i]);
}

}  // namespace nnfs
