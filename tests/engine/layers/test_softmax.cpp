#include <catch2/catch.hpp>

#include "engine/layers/softmax.h"
#include "support/grad_check.h"

using namespace nnfs;

TEST_CASE("softmax: rows sum to one and survive large logits", "[layers]") {
  Tensor x({2, 3}, {1, 2, 3, 1000, 1000, 1000}), y;
  Softmax().forward(x, y, {});
  CHECK(y[0] + y[1] + y[2] == Approx(1.0f));
  CHECK(y[2] == Approx(std::exp(1.0) / (std::exp(-1.0) + 1 + std::exp(1.0))));
  CHECK(y[3] == Approx(1.0f / 3));
}

TEST_CASE("softmax: standalone Jacobian-vector backward, gradient check", "[layers][gradcheck]") {
  Softmax softmax;
  auto report = test::check_layer(softmax, {6}, 4);
  INFO(report.detail);
  CHECK(report.ok);
}
