#include <catch2/catch.hpp>

#include <vector>

#include "engine/core/rng.h"
#include "engine/kernels/im2col.h"
#include "support/fixtures.h"

using namespace nnfs;
using nnfs::test::random_values;

namespace {


// Awkward geometries: odd sizes, windows wider than tall, padding larger than the window's
// reach, strides that skip the last pixels, a 1-pixel-wide image; "same"-width windows (the
// contiguous-copy path), also on an image narrower than the padding and with more padding rows
// than the window reaches.
const ConvGeometry kGeometries[] = {
    {1, 28, 28, 3, 3, 1, 1, 1, 1}, {3, 7, 13, 3, 5, 2, 2, 2, 1}, {2, 5, 5, 5, 5, 1, 1, 0, 0},
    {4, 6, 7, 1, 1, 1, 1, 0, 0},   {2, 13, 1, 3, 1, 3, 1, 1, 0}, {1, 4, 4, 3, 3, 1, 1, 3, 3},
    {5, 9, 11, 2, 4, 2, 3, 1, 2},  {3, 5, 6, 3, 3, 1, 1, 1, 1},  {2, 2, 1, 5, 3, 1, 1, 3, 1},
    {2, 9, 9, 5, 5, 1, 1, 0, 2},   {8, 14, 14, 3, 3, 1, 1, 1, 1},
};

}  // namespace

TEST_CASE("im2col: each column is the window of its output pixel", "[kernels][conv]") {
  for (const ConvGeometry& g : kGeometries) {
    const std::vector<float> x = random_values(g.in_size(), 1);
    std::vector<float> cols(g.patch() * g.out_pixels(), -99.0f);
    im2col(g, x.data(), cols.data());
    const std::size_t ho = g.out_h(), wo = g.out_w();
    for (std::size_t c = 0; c < g.c; ++c)
      for (std::size_t ky = 0; ky < g.kh; ++ky)
        for (std::size_t kx = 0; kx < g.kw; ++kx)
          for (std::size_t oy = 0; oy < ho; ++oy)
            for (std::size_t ox = 0; ox < wo; ++ox) {
              const long iy = static_cast<long>(oy * g.stride_h + ky) - static_cast<long>(g.pad_h);
              const long ix = static_cast<long>(ox * g.stride_w + kx) - static_cast<long>(g.pad_w);
              const bool inside = iy >= 0 && ix >= 0 && iy < static_cast<long>(g.h) && ix < static_cast<long>(g.w);
              const float expected =
                  inside ? x[(c * g.h + static_cast<std::size_t>(iy)) * g.w + static_cast<std::size_t>(ix)] : 0.0f;
              REQUIRE(cols[(((c * g.kh + ky) * g.kw + kx) * ho + oy) * wo + ox] == expected);
            }
  }
}

TEST_CASE("col2im is the adjoint of im2col", "[kernels][conv]") {
  // <im2col(x), d> = <x, col2im(d)> for all x, d.
  for (const ConvGeometry& g : kGeometries) {
    const std::vector<float> x = random_values(g.in_size(), 2);
    const std::vector<float> d = random_values(g.patch() * g.out_pixels(), 3);
    std::vector<float> cols(d.size()), back(x.size(), 0.0f);
    im2col(g, x.data(), cols.data());
    col2im_add(g, d.data(), back.data());
    double lhs = 0.0, rhs = 0.0;
    for (std::size_t i = 0; i < d.size(); ++i) lhs += static_cast<double>(cols[i]) * d[i];
    for (std::size_t i = 0; i < x.size(); ++i) rhs += static_cast<double>(x[i]) * back[i];
    CHECK(lhs == Approx(rhs).epsilon(1e-5));
  }
}

TEST_CASE("conv geometry: output size is floor((H + 2P - K) / S) + 1", "[kernels][conv]") {
  CHECK(ConvGeometry{1, 28, 28, 3, 3, 1, 1, 1, 1}.out_h() == 28);
  CHECK(ConvGeometry{1, 28, 28, 3, 3, 2, 2, 0, 0}.out_w() == 13);
  CHECK(ConvGeometry{1, 2, 2, 3, 3, 1, 1, 0, 0}.out_h() == 0);  // the window does not fit
  CHECK(ConvGeometry{1, 7, 7, 7, 7, 1, 1, 0, 0}.out_pixels() == 1);
}
