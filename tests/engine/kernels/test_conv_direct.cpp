#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

#include "engine/kernels/conv_direct.h"
#include "engine/kernels/conv_ref.h"
#include "engine/kernels/gemm.h"
#include "support/fixtures.h"

using namespace nnfs;
using nnfs::test::random_values;

namespace {

struct Case {
  ConvGeometry g;
  std::size_t co;
};

// Awkward stride-1 geometries the fast path takes: 1, 3 and 17 channels; images of 5, 13 and
// 28 pixels, non-square, narrower than a vector (an output vector spans several rows) and one
// pixel wide; windows 1x1, 3x3 with padding 0 and 1, 5x5 with padding 0..4, a 2x3 window with
// different paddings; filter counts 1, 3, 17, 32 and 70 (more than one 64-channel block of the
// weight gradient); few taps and filters (the weight gradient with pixels along the vectors).
const Case kCases[] = {
    {{1, 28, 28, 3, 3, 1, 1, 1, 1}, 32}, {{17, 13, 13, 3, 3, 1, 1, 1, 1}, 3}, {{3, 5, 5, 3, 3, 1, 1, 0, 0}, 17},
    {{3, 13, 5, 5, 5, 1, 1, 2, 2}, 1},   {{1, 5, 13, 5, 5, 1, 1, 4, 3}, 70}, {{17, 5, 5, 1, 1, 1, 1, 0, 0}, 17},
    {{3, 13, 28, 2, 3, 1, 1, 1, 2}, 32}, {{2, 7, 1, 3, 1, 1, 1, 2, 0}, 5},   {{32, 14, 14, 3, 3, 1, 1, 1, 1}, 64},
    {{1, 28, 28, 3, 3, 1, 1, 1, 1}, 8},  {{1, 13, 5, 3, 3, 1, 1, 0, 0}, 3},
};

// Float sums of `terms` products of values in [-1, 1]: a bound well above their rounding error.
double tolerance(std::size_t terms) { return 1e-5 * static_cast<double>(terms + 1); }

std::vector<float> packed(const DirectConv& dc, const std::vector<float>& w, bool input_grad) {
  std::vector<float> a(dc.packed_size());
  if (input_grad) dc.pack_input_grad(w.data(), a.data());
  else dc.pack_forward(w.data(), a.data());
  return a;
}

}  // namespace

TEST_CASE("direct conv: takes stride-1 windows with padding below the window, on AVX-512 only", "[kernels][conv]") {
  const ConvGeometry same{8, 14, 14, 3, 3, 1, 1, 1, 1};
  CHECK(DirectConv::applies(same) == (gemm_active_isa() == GemmIsa::Avx512));
  CHECK_FALSE(DirectConv::applies({8, 14, 14, 3, 3, 2, 2, 1, 1}));  // stride 2
  CHECK_FALSE(DirectConv::applies({8, 14, 14, 3, 3, 1, 1, 3, 3}));  // padding reaches past the window
  CHECK_FALSE(DirectConv::applies({8, 14, 14, 3, 3, 1, 1, 1, 3}));
  for (GemmIsa isa : {GemmIsa::Scalar, GemmIsa::Avx2}) {
    if (!gemm_isa_available(isa)) continue;
    gemm_force_isa(isa);
    CHECK_FALSE(DirectConv::applies(same));  // one ISA setting picks every kernel
  }
  gemm_force_isa(GemmIsa::Auto);
}

TEST_CASE("direct conv: forward, input and weight gradients equal the reference on awkward shapes",
          "[kernels][conv]") {
  if (!gemm_isa_available(GemmIsa::Avx512)) {
    CHECK_FALSE(DirectConv::applies({1, 28, 28, 3, 3, 1, 1, 1, 1}));
    return;
  }
  for (const Case& k : kCases) {
    const ConvGeometry& g = k.g;
    INFO("C=" << g.c << " " << g.h << "x" << g.w << " window " << g.kh << "x" << g.kw << " pad " << g.pad_h << ","
              << g.pad_w << " CO=" << k.co);
    const DirectConv dc(g, k.co);
    const std::size_t out = k.co * g.out_pixels(), ldt = dc.dwt_stride();
    const std::vector<float> w = random_values(k.co * g.patch(), 1), b = random_values(k.co, 2);
    const std::vector<float> a_fwd = packed(dc, w, false), a_grad = packed(dc, w, true);
    std::vector<double> dw_sum(k.co * g.patch(), 0.0);
    std::vector<float> dwt(g.patch() * ldt, -7.0f);
    for (std::size_t sample = 0; sample < 3; ++sample) {
      const std::vector<float> x = random_values(g.in_size(), 10 + sample), dy = random_values(out, 20 + sample);
      std::vector<float> y_ref(out), dx_ref(g.in_size()), dw_ref(w.size()), db_ref(k.co);
      conv2d_reference(g, k.co, x.data(), w.data(), b.data(), y_ref.data());
      conv2d_backward_reference(g, k.co, x.data(), w.data(), dy.data(), dx_ref.data(), dw_ref.data(), db_ref.data());
      for (std::size_t i = 0; i < w.size(); ++i) dw_sum[i] += dw_ref[i];

      std::vector<float> y(out, -9.0f), y_relu(out, -9.0f), dx(g.in_size(), -9.0f);
      dc.forward(a_fwd.data(), x.data(), b.data(), false, y.data());
      dc.forward(a_fwd.data(), x.data(), b.data(), true, y_relu.data());
      dc.input_grad(a_grad.data(), dy.data(), dx.data());
      dc.weight_grad(x.data(), dy.data(), sample > 0, dwt.data());
      for (std::size_t i = 0; i < out; ++i) {
        REQUIRE(y[i] == Approx(y_ref[i]).margin(tolerance(g.patch())));
        REQUIRE(y_relu[i] == std::max(0.0f, y[i]));
      }
      for (std::size_t i = 0; i < dx.size(); ++i)
        REQUIRE(dx[i] == Approx(dx_ref[i]).margin(tolerance(k.co * g.kh * g.kw)));
    }
    // dWᵀ [C·KH·KW, ldt] summed over the three samples; the padding columns stay zero.
    for (std::size_t t = 0; t < g.patch(); ++t)
      for (std::size_t o = 0; o < ldt; ++o) {
        const double expected = o < k.co ? dw_sum[o * g.patch() + t] : 0.0;
        REQUIRE(dwt[t * ldt + o] == Approx(expected).margin(tolerance(3 * g.out_pixels())));
      }
  }
}

TEST_CASE("direct conv: results do not depend on the scratch left by other shapes", "[kernels][conv]") {
  if (!gemm_isa_available(GemmIsa::Avx512)) return;
  // The per-thread buffers are reused across layers: a large layer's data must not leak into a
  // small one's padding (NaN would survive into every output it touched).
  const ConvGeometry big{17, 28, 28, 3, 3, 1, 1, 1, 1}, small{3, 5, 5, 3, 3, 1, 1, 1, 1};
  const DirectConv dc_big(big, 3), dc_small(small, 5);
  const std::vector<float> nan_x(big.in_size(), std::nanf("")), w_big(3 * big.patch(), 1.0f);
  std::vector<float> y_big(3 * big.out_pixels());
  dc_big.forward(packed(dc_big, w_big, false).data(), nan_x.data(), nullptr, false, y_big.data());

  const std::vector<float> x = random_values(small.in_size(), 3), w = random_values(5 * small.patch(), 4);
  std::vector<float> y(5 * small.out_pixels()), y_ref(y.size());
  dc_small.forward(packed(dc_small, w, false).data(), x.data(), nullptr, false, y.data());
  conv2d_reference(small, 5, x.data(), w.data(), nullptr, y_ref.data());
  for (std::size_t i = 0; i < y.size(); ++i) REQUIRE(y[i] == Approx(y_ref[i]).margin(tolerance(small.patch())));
}
