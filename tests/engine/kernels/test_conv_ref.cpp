#include <catch2/catch.hpp>

#include <vector>

#include "engine/kernels/conv_ref.h"
#include "support/fixtures.h"

using namespace nnfs;
using nnfs::test::random_values;

namespace {

double dot(const std::vector<float>& a, const std::vector<float>& b) {
  double s = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) s += static_cast<double>(a[i]) * b[i];
  return s;
}

}  // namespace

TEST_CASE("conv reference: forward by hand on a 3x3 image", "[kernels][conv]") {
  // One channel, 2x2 window, stride 1, padding 0: each output is the sum of its window times W.
  const ConvGeometry g{1, 3, 3, 2, 2, 1, 1, 0, 0};
  const std::vector<float> x = {1, 2, 3, 4, 5, 6, 7, 8, 9}, w = {1, 0, 0, -1}, b = {0.5f};
  std::vector<float> y(4);
  conv2d_reference(g, 1, x.data(), w.data(), b.data(), y.data());
  CHECK(y == std::vector<float>{1 - 5 + 0.5f, 2 - 6 + 0.5f, 4 - 8 + 0.5f, 5 - 9 + 0.5f});
}

TEST_CASE("conv reference: the backward pass is the adjoint of the forward pass", "[kernels][conv]") {
  // y is linear in x (bias 0) and in W, so <y, dy> = <x, dx> = <W, dW>, and db = Σ dy per channel.
  const ConvGeometry geometries[] = {
      {3, 7, 13, 3, 5, 2, 2, 2, 1}, {2, 5, 5, 3, 3, 1, 1, 1, 1}, {1, 9, 4, 2, 3, 3, 3, 1, 1}, {4, 6, 7, 1, 1, 1, 1, 0, 0}};
  for (const ConvGeometry& g : geometries) {
    const std::size_t co = 3, out = co * g.out_pixels();
    const std::vector<float> x = random_values(g.in_size(), 1), w = random_values(co * g.patch(), 2);
    const std::vector<float> dy = random_values(out, 3);
    std::vector<float> y(out), dx(x.size()), dw(w.size()), db(co);
    conv2d_reference(g, co, x.data(), w.data(), nullptr, y.data());
    conv2d_backward_reference(g, co, x.data(), w.data(), dy.data(), dx.data(), dw.data(), db.data());
    CHECK(dot(y, dy) == Approx(dot(x, dx)).epsilon(1e-5));
    CHECK(dot(y, dy) == Approx(dot(w, dw)).epsilon(1e-5));
    for (std::size_t o = 0; o < co; ++o) {
      double sum = 0.0;
      for (std::size_t p = 0; p < g.out_pixels(); ++p) sum += dy[o * g.out_pixels() + p];
      CHECK(db[o] == Approx(sum).epsilon(1e-6));
    }
  }
}
