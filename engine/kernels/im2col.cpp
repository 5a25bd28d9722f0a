#include "engine/kernels/im2col.h"

#include <algorithm>
#include <cstring>

namespace nnfs {

namespace {

std::size_t out_extent(std::size_t in, std::size_t k, std::size_t stride, std::size_t pad) {
  const std::size_t padded = in + 2 * pad;
  return padded < k ? 0 : (padded - k) / stride + 1;
}

// Output columns ox whose input column ox·S - P + kx lies inside [0, W): [first, last).
struct Span {
  std::size_t first, last;
};
Span valid_columns(std::size_t wo, std::size_t w, std::size_t stride, std::size_t pad, std::size_t kx) {
  // ix = ox·S + kx - P >= 0  ⇔  ox >= ceil((P - kx) / S)
  const std::size_t first = kx >= pad ? 0 : (pad - kx + stride - 1) / stride;
  // ix < W  ⇔  ox·S < W + P - kx
  const std::size_t limit = w + pad > kx ? w + pad - kx : 0;
  const std::size_t last = std::min(wo, (limit + stride - 1) / stride);
  return {std::min(first, last), last};
}

}  // namespace

std::size_t ConvGeometry::out_h() const { return out_extent(h, kh, stride_h, pad_h); }
std::size_t ConvGeometry::out_w() const { return out_extent(w, kw, stride_w, pad_w); }

// One row of cols per (c, ky, kx); in it, one run of WO values per output row oy. A run is
// zeros, then input pixels (contiguous when S = 1), then zeros.
void im2col(const ConvGeometry& g, const float* x, float* cols) {
  const std::size_t ho = g.out_h(), wo = g.out_w();
  for (std::size_t c = 0; c < g.c; ++c) {
    const float* plane = x + c * g.h * g.w;
    for (std::size_t ky = 0; ky < g.kh; ++ky) {
      for (std::size_t kx = 0; kx < g.kw; ++kx) {
        const Span cols_ok = valid_columns(wo, g.w, g.stride_w, g.pad_w, kx);
        for (std::size_t oy = 0; oy < ho; ++oy, cols += wo) {
          const std::size_t iy_padded = oy * g.stride_h + ky;
          if (iy_padded < g.pad_h || iy_padded - g.pad_h >= g.h) {
            std::fill(cols, cols + wo, 0.0f);
            continue;
          }
          const float* in = plane + (iy_padded - g.pad_h) * g.w;
          std::fill(cols, cols + cols_ok.first, 0.0f);
          const std::size_t ix0 = cols_ok.first * g.stride_w + kx - g.pad_w;
          if (g.stride_w == 1) {
            std::memcpy(cols + cols_ok.first, in + ix0, (cols_ok.last - cols_ok.first) * sizeof(float));
          } else {
            for (std::size_t ox = cols_ok.first, ix = ix0; ox < cols_ok.last; ++ox, ix += g.stride_w)
              cols[ox] = in[ix];
          }
          std::fill(cols + cols_ok.last, cols + wo, 0.0f);
        }
      }
    }
  }
}

// The same walk as im2col, adding instead of copying; padding entries are dropped.
void col2im_add(const ConvGeometry& g, const float* dcols, float* dx) {
  const std::size_t ho = g.out_h(), wo = g.out_w();
  for (std::size_t c = 0; c < g.c; ++c) {
    float* plane = dx + c * g.h * g.w;
    for (std::size_t ky = 0; ky < g.kh; ++ky) {
      for (std::size_t kx = 0; kx < g.kw; ++kx) {
        const Span cols_ok = valid_columns(wo, g.w, g.stride_w, g.pad_w, kx);
        for (std::size_t oy = 0; oy < ho; ++oy, dcols += wo) {
          const std::size_t iy_padded = oy * g.stride_h + ky;
          if (iy_padded < g.pad_h || iy_padded - g.pad_h >= g.h) continue;
          float* out = plane + (iy_padded - g.pad_h) * g.w;
          std::size_t ix = cols_ok.first * g.stride_w + kx - g.pad_w;
          for (std::size_t ox = cols_ok.first; ox < cols_ok.last; ++ox, ix += g.stride_w) out[ix] += dcols[ox];
        }
      }
    }
  }
}

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
              const long iy = static_cast<long>(oy * g.stride_h + ky) - static_cast<long>(g.pad_h);
              const long ix = static_cast<long>(ox * g.stride_w + kx) - static_cast<long>(g.pad_w);
              if (iy < 0 || ix < 0 || iy >= static_cast<long>(g.h) || ix >= static_cast<long>(g.w)) continue;
              sum += static_cast<double>(weight[((co * g.c + c) * g.kh + ky) * g.kw + kx]) *
                     x[(c * g.h + static_cast<std::size_t>(iy)) * g.w + static_cast<std::size_t>(ix)];
            }
        y[(co * ho + oy) * wo + ox] = static_cast<float>(sum);
      }
}

}  // namespace nnfs
