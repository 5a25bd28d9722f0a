// pack_panels: weights A[t, i] (tap t, output plane i) written in the panel order plane_conv
// reads (conv_isa.h, kPanelRows). For the generic translation units of the convolution drivers
// (conv_direct.cpp, winograd.cpp) only: a template, so never in an AVX-512 file (gemm_isa.h).
#pragma once

#include <cstddef>

#include "engine/kernels/conv_isa.h"

namespace nnfs::conv_detail {

template <class Value>
void pack_panels(std::size_t taps, std::size_t m, float* a, Value value) {
  const std::size_t panels = (m + kPanelRows - 1) / kPanelRows;
  for (std::size_t p = 0; p < panels; ++p) {
    const std::size_t i0 = m * p / panels, h = m * (p + 1) / panels - i0;
    for (std::size_t t = 0; t < taps; ++t)
      for (std::size_t r = 0; r < h; ++r) a[i0 * taps + t * h + r] = value(t, i0 + r);
  }
}

}  // namespace nnfs::conv_detail
