#include <catch2/catch.hpp>

#include "engine/layers/flatten.h"
#include "support/grad_check.h"

using namespace nnfs;

TEST_CASE("flatten: keeps the values, merges the sample dimensions", "[layers]") {
  Flatten flatten;
  ParamArena arena;
  REQUIRE(flatten.build({2, 3, 4}, "f", arena) == Shape{24});
  Tensor x({2, 2, 3, 4});
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>(i);
  Tensor y, dx;
  flatten.forward(x, y, {});
  CHECK(y.shape() == Shape{2, 24});
  CHECK(y[47] == 47.0f);
  flatten.backward(x, y, y, dx, {});
  CHECK(dx.shape() == x.shape());
  CHECK(dx[30] == 30.0f);
}

TEST_CASE("flatten: gradient check", "[layers][gradcheck]") {
  Flatten flatten;
  auto report = test::check_layer(flatten, {3, 4, 5}, 2);
  INFO(report.detail);
  CHECK(report.ok);
}
