#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "engine/kernels/conv_ref.h"
#include "engine/kernels/gemm.h"
#include "engine/kernels/winograd.h"
#include "support/fixtures.h"

using namespace nnfs;
using nnfs::test::random_values;

namespace {

struct Case {
  std::size_t c, h, w, co, images;
};

// 16 and 17 channels (a partial panel and vector of channels), 70 filters (two 64-channel blocks
// of the weight gradient); images 5, 13 and 28 pixels, non-square and odd (a last tile half
// outside), 16 and 17 wide (tile-rows in slots of 8 and of 16), 32 wide (the widest); 1, 7 and
// 13 images (a chunk ends inside an image, a last chunk partly empty). With 4x4 tiles (each case
// up to 28 wide): 5, 13, 14 and 16 wide are tile-rows in slots of 4, 17 and 28 in slots of 8.
const Case kCases[] = {
    {16, 5, 5, 16, 1},   {17, 13, 13, 16, 7},  {16, 28, 28, 17, 3}, {32, 14, 14, 64, 13},
    {16, 7, 16, 70, 7},  {19, 17, 17, 16, 2},  {16, 9, 32, 16, 5},  {64, 14, 14, 64, 1},
};

double tolerance(std::size_t terms) { return 2e-5 * static_cast<double>(terms + 1); }

}  // namespace

TEST_CASE("winograd: takes 3x3 windows with stride 1, padding 1 and 16+ channels, on AVX-512 only",
          "[kernels][conv]") {
  const bool avx512 = gemm_active_isa() == GemmIsa::Avx512;
  CHECK(WinogradConv::applies({16, 14, 14, 3, 3, 1, 1, 1, 1}, 16) == avx512);
  CHECK_FALSE(WinogradConv::applies({15, 14, 14, 3, 3, 1, 1, 1, 1}, 16));  // too few channels in
  CHECK_FALSE(WinogradConv::applies({16, 14, 14, 3, 3, 1, 1, 1, 1}, 8));   // or out
  CHECK_FALSE(WinogradConv::applies({16, 14, 14, 3, 3, 1, 1, 0, 0}, 16));  // padding 0
  CHECK_FALSE(WinogradConv::applies({16, 14, 14, 5, 5, 1, 1, 2, 2}, 16));  // 5x5
  CHECK_FALSE(WinogradConv::applies({16, 14, 14, 3, 3, 2, 2, 1, 1}, 16));  // stride 2
  CHECK_FALSE(WinogradConv::applies({16, 14, 33, 3, 3, 1, 1, 1, 1}, 16));  // wider than 32
  // 4x4 tiles for 32+ channels in and out and outputs 14 to 28 wide; 2x2 otherwise.
  CHECK(WinogradConv::tile_for({32, 28, 28, 3, 3, 1, 1, 1, 1}, 32) == 4);
  CHECK(WinogradConv::tile_for({64, 14, 14, 3, 3, 1, 1, 1, 1}, 32) == 4);
  CHECK(WinogradConv::tile_for({31, 28, 28, 3, 3, 1, 1, 1, 1}, 32) == 2);
  CHECK(WinogradConv::tile_for({32, 28, 28, 3, 3, 1, 1, 1, 1}, 16) == 2);
  CHECK(WinogradConv::tile_for({32, 7, 7, 3, 3, 1, 1, 1, 1}, 64) == 2);
  CHECK(WinogradConv::tile_for({32, 29, 29, 3, 3, 1, 1, 1, 1}, 32) == 2);
  CHECK_THROWS_WITH(WinogradConv({32, 29, 29, 3, 3, 1, 1, 1, 1}, 32, 4),
                    "WinogradConv: the tile is 2, or 4 for outputs at most 28 wide");
  CHECK_THROWS_WITH(WinogradConv({32, 14, 14, 3, 3, 1, 1, 1, 1}, 32, 3),
                    "WinogradConv: the tile is 2, or 4 for outputs at most 28 wide");
  if (gemm_isa_available(GemmIsa::Avx2)) {
    gemm_force_isa(GemmIsa::Avx2);
    CHECK_FALSE(WinogradConv::applies({16, 14, 14, 3, 3, 1, 1, 1, 1}, 16));
    gemm_force_isa(GemmIsa::Auto);
  }
}

TEST_CASE("winograd: forward, input and weight gradients equal the reference on awkward shapes", "[kernels][conv]") {
  if (!gemm_isa_available(GemmIsa::Avx512)) return;  // the applies() case above covers other CPUs
  for (const Case& k : kCases) {
    for (const std::size_t tile : {2, 4}) {
      const ConvGeometry g{k.c, k.h, k.w, 3, 3, 1, 1, 1, 1};
      if (tile == 4 && g.out_w() > 28) continue;
      INFO("C=" << k.c << " " << k.h << "x" << k.w << " CO=" << k.co << " images " << k.images << " tile " << tile);
      const WinogradConv wc(g, k.co, tile);
      const std::size_t in = g.in_size(), out = k.co * g.out_pixels(), ldt = (k.co + 15) / 16 * 16;
      const std::vector<float> w = random_values(k.co * g.patch(), 1), b = random_values(k.co, 2);
      const std::vector<float> x = random_values(k.images * in, 3), dy = random_values(k.images * out, 4);
      std::vector<float> u(wc.packed_size()), ug(wc.packed_size());
      wc.pack_forward(w.data(), u.data());
      wc.pack_input_grad(w.data(), ug.data());
      std::vector<float> y(k.images * out, -9.0f), y_relu(y.size(), -9.0f), dx(x.size(), -9.0f);
      std::vector<float> dwt(g.patch() * ldt, -9.0f);
      wc.forward(u.data(), x.data(), k.images, b.data(), false, y.data());
      wc.forward(u.data(), x.data(), k.images, b.data(), true, y_relu.data());
      wc.input_grad(ug.data(), dy.data(), k.images, dx.data());
      wc.weight_grad(x.data(), dy.data(), k.images, dwt.data(), ldt);

      std::vector<double> dw_sum(w.size(), 0.0);
      std::vector<float> y_ref(out), dx_ref(in), dw_ref(w.size()), db_ref(k.co);
      for (std::size_t n = 0; n < k.images; ++n) {
        conv2d_reference(g, k.co, x.data() + n * in, w.data(), b.data(), y_ref.data());
        conv2d_backward_reference(g, k.co, x.data() + n * in, w.data(), dy.data() + n * out, dx_ref.data(),
                                  dw_ref.data(), db_ref.data());
        for (std::size_t i = 0; i < out; ++i) {
          REQUIRE(y[n * out + i] == Approx(y_ref[i]).margin(tolerance(g.patch())));
          REQUIRE(y_relu[n * out + i] == std::max(0.0f, y[n * out + i]));
        }
        for (std::size_t i = 0; i < in; ++i) REQUIRE(dx[n * in + i] == Approx(dx_ref[i]).margin(tolerance(9 * k.co)));
        for (std::size_t i = 0; i < w.size(); ++i) dw_sum[i] += dw_ref[i];
      }
      for (std::size_t t = 0; t < g.patch(); ++t)
        for (std::size_t o = 0; o < ldt; ++o) {
          const double expected = o < k.co ? dw_sum[o * g.patch() + t] : 0.0;
          REQUIRE(dwt[t * ldt + o] == Approx(expected).margin(tolerance(k.images * g.out_pixels())));
        }
    }
  }
}

TEST_CASE("winograd: NaN in one image stays in that image's outputs", "[kernels][conv]") {
  if (!gemm_isa_available(GemmIsa::Avx512)) return;
  // The junk tiles and padding of a chunk are zeros, never data of a neighbouring image: a NaN
  // pixel of image 0 must not reach image 1 (which shares tile-row chunks with it).
  const ConvGeometry g{16, 7, 7, 3, 3, 1, 1, 1, 1};
  for (const std::size_t tile : {2, 4}) {
    INFO("tile " << tile);
    const WinogradConv wc(g, 16, tile);
    std::vector<float> x = random_values(2 * g.in_size(), 5), w = random_values(16 * g.patch(), 6);
    x[g.in_size() - 1] = std::nanf("");  // image 0, last channel, last pixel
    std::vector<float> u(wc.packed_size()), y(2 * 16 * g.out_pixels());
    wc.pack_forward(w.data(), u.data());
    wc.forward(u.data(), x.data(), 2, nullptr, false, y.data());
    for (std::size_t i = 16 * g.out_pixels(); i < y.size(); ++i) REQUIRE(std::isfinite(y[i]));
  }
}
