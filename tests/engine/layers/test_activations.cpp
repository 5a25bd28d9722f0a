#include <catch2/catch.hpp>

#include "engine/layers/activations.h"
#include "support/grad_check.h"

using namespace nnfs;

TEMPLATE_TEST_CASE("activations: gradient check", "[layers][gradcheck]", Linear, Relu, LeakyRelu,
                   Sigmoid, Tanh) {
  TestType layer;
  auto report = test::check_layer(layer, {3, 4}, 3);
  INFO(layer.type() << ": " << report.detail);
  CHECK(report.ok);
}

TEST_CASE("activations: forward values", "[layers]") {
  Tensor x({1, 3}, {-2.0f, 0.0f, 3.0f}), y;
  Relu().forward(x, y, {});
  CHECK(y[0] == 0.0f);
  CHECK(y[2] == 3.0f);
  LeakyRelu(LeakyReluFn{0.1f}).forward(x, y, {});
  CHECK(y[0] == Approx(-0.2f));
  Sigmoid().forward(x, y, {});
  CHECK(y[1] == Approx(0.5f));
  Tanh().forward(x, y, {});
  CHECK(y[2] == Approx(std::tanh(3.0f)));
  CHECK(LeakyRelu(LeakyReluFn{0.2f}).config()["alpha"].get<float>() == Approx(0.2f));
}
