#include <catch2/catch.hpp>

#include "engine/core/error.h"
#include "engine/layers/pool2d.h"
#include "support/grad_check.h"

using namespace nnfs;
using Catch::Matchers::Contains;

namespace {

Shape build(Layer& layer, const Shape& input) {
  ParamArena arena;
  Shape out = layer.build(input, "pool", arena);
  arena.allocate();
  return out;
}

// Pooling is piecewise linear: a small step keeps every window's maximum where it is.
test::GradCheckOptions pooling_check() {
  test::GradCheckOptions o;
  o.h = 1e-3;
  return o;
}

}  // namespace

TEST_CASE("maxpool2d: 2x2 windows pick their maximum", "[layers][pool]") {
  MaxPool2D pool({.size = 2});
  REQUIRE(build(pool, {1, 4, 4}) == Shape{1, 2, 2});
  Tensor x({1, 1, 4, 4}, {1, 2, 5, 3,  //
                          4, 0, 1, 1,  //
                          -1, -2, 9, 8,  //
                          -3, -4, 7, 6});
  Tensor y, dx;
  pool.forward(x, y, {});
  CHECK(std::vector<float>(y.data(), y.data() + 4) == std::vector<float>{4, 5, -1, 9});
  Tensor dy({1, 1, 2, 2}, {10, 20, 30, 40});
  pool.backward(x, y, dy, dx, {});
  CHECK(std::vector<float>(dx.data(), dx.data() + 16) ==
        std::vector<float>{0, 0, 20, 0, 10, 0, 0, 0, 30, 0, 40, 0, 0, 0, 0, 0});
}

TEST_CASE("maxpool2d: odd sizes drop the last row and column, like PyTorch", "[layers][pool]") {
  MaxPool2D pool({.size = 2});
  CHECK(build(pool, {3, 7, 5}) == Shape{3, 3, 2});
  MaxPool2D overlapping({.size = 3, .stride = 1});
  CHECK(build(overlapping, {28, 28}) == Shape{1, 26, 26});
}

TEST_CASE("maxpool2d: gradient check", "[layers][pool][gradcheck]") {
  for (auto [input, options] : {std::pair{Shape{2, 6, 6}, PoolOptions{2, 2}}, std::pair{Shape{3, 7, 5}, PoolOptions{2, 2}},
                                std::pair{Shape{1, 7, 8}, PoolOptions{3, 2}}, std::pair{Shape{9, 9}, PoolOptions{3, 1}}}) {
    MaxPool2D pool(options);
    auto report = test::check_layer(pool, input, 3, pooling_check());
    INFO(shape_to_string(input) << ": " << report.detail);
    CHECK(report.ok);
  }
}

TEST_CASE("avgpool2d: windows average, gradients spread evenly", "[layers][pool]") {
  AvgPool2D pool({.size = 2});
  REQUIRE(build(pool, {1, 2, 4}) == Shape{1, 1, 2});
  Tensor x({1, 1, 2, 4}, {1, 2, 3, 4, 5, 6, 7, 8});
  Tensor y, dx;
  pool.forward(x, y, {});
  CHECK(y[0] == Approx(3.5));
  CHECK(y[1] == Approx(5.5));
  Tensor dy({1, 1, 1, 2}, {4, 8});
  pool.backward(x, y, dy, dx, {});
  CHECK(std::vector<float>(dx.data(), dx.data() + 8) == std::vector<float>{1, 1, 2, 2, 1, 1, 2, 2});
}

TEST_CASE("avgpool2d: gradient check", "[layers][pool][gradcheck]") {
  for (auto [input, options] : {std::pair{Shape{2, 6, 6}, PoolOptions{2, 2}}, std::pair{Shape{1, 7, 8}, PoolOptions{3, 2}},
                                std::pair{Shape{4, 5, 5}, PoolOptions{2, 1}}}) {
    AvgPool2D pool(options);
    auto report = test::check_layer(pool, input, 2, pooling_check());
    INFO(shape_to_string(input) << ": " << report.detail);
    CHECK(report.ok);
  }
}

TEST_CASE("pooling: windows larger than the image are rejected", "[layers][pool]") {
  MaxPool2D pool({.size = 4});
  CHECK_THROWS_WITH(build(pool, {2, 3, 3}), Contains("does not fit"));
  AvgPool2D flat({.size = 2});
  CHECK_THROWS_WITH(build(flat, {10}), Contains("expects images"));
  CHECK_THROWS_AS(MaxPool2D({.size = 0}), Error);
}
