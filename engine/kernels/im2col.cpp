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

// Stride 1 and an output as wide as the input (a "same" window, e.g. 3x3 with padding 1): for one
// (c, ky, kx) all valid rows of a cols row are the input plane read at one fixed offset, so they
// are one contiguous copy; only the entries that came from the neighbouring image row are
// zeroed afterwards. One copy per window position instead of one per output row.
void im2col_same_width(const ConvGeometry& g, const float* x, float* cols) {
  const std::size_t ho = g.out_h(), w = g.w, plane_size = g.h * g.w;
  const auto pad_w = static_cast<long>(g.pad_w);
  for (std::size_t c = 0; c < g.c; ++c) {
    const float* plane = x + c * plane_size;
    for (std::size_t ky = 0; ky < g.kh; ++ky) {
      // rows oy whose input row oy + ky - P lies inside [0, H)
      const std::size_t oy0 = std::min(ho, ky >= g.pad_h ? 0 : g.pad_h - ky);
      const std::size_t oy1 = std::max(oy0, std::min(ho, g.h + g.pad_h > ky ? g.h + g.pad_h - ky : 0));
      for (std::size_t kx = 0; kx < g.kw; ++kx, cols += ho * w) {
        std::fill(cols, cols + oy0 * w, 0.0f);
        std::fill(cols + oy1 * w, cols + ho * w, 0.0f);
        if (oy0 == oy1) continue;
        const long shift = static_cast<long>(kx) - pad_w;  // ix = ox + shift
        const long start = static_cast<long>((oy0 + ky - g.pad_h) * w) + shift;
        const auto count = static_cast<long>((oy1 - oy0) * w);
        const long lo = std::max(0L, -start), hi = std::min(count, static_cast<long>(plane_size) - start);
        float* dst = cols + oy0 * w;
        std::fill(dst, dst + lo, 0.0f);
        if (lo < hi) std::memcpy(dst + lo, plane + start + lo, static_cast<std::size_t>(hi - lo) * sizeof(float));
        std::fill(dst + std::max(lo, hi), dst + count, 0.0f);
        const auto edge = std::min(static_cast<std::size_t>(shift < 0 ? -shift : shift), w);
        if (edge == 0) continue;
        // ix < 0 on the left, ix >= W on the right: a column or two, written as strided stores
        // (not one tiny fill per row).
        float* column = dst + (shift < 0 ? 0 : w - edge);
        for (std::size_t e = 0; e < edge; ++e)
          for (std::size_t r = 0; r < oy1 - oy0; ++r) column[r * w + e] = 0.0f;
      }
    }
  }
}

}  // namespace

std::size_t ConvGeometry::out_h() const { return out_extent(h, kh, stride_h, pad_h); }
std::size_t ConvGeometry::out_w() const { return out_extent(w, kw, stride_w, pad_w); }

// One row of cols per (c, ky, kx); in it, one run of WO values per output row oy. A run is
// zeros, then input pixels (contiguous when S = 1), then zeros.
void im2col(const ConvGeometry& g, const float* x, float* cols) {
  const std::size_t ho = g.out_h(), wo = g.out_w();
  if (g.stride_h == 1 && g.stride_w == 1 && wo == g.w) {
    im2col_same_width(g, x, cols);
    return;
  }
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
          if (g.stride_w == 1) {  // contiguous on both sides: a vectorisable loop
            float* __restrict o = out + ix;
            const float* __restrict d = dcols + cols_ok.first;
            for (std::size_t i = 0, len = cols_ok.last - cols_ok.first; i < len; ++i) o[i] += d[i];
            continue;
          }
          for (std::size_t ox = cols_ok.first; ox < cols_ok.last; ++ox, ix += g.stride_w) out[ix] += dcols[ox];
        }
      }
    }
  }
}

}  // namespace nnfs
