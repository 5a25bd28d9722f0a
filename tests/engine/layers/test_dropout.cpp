#include <catch2/catch.hpp>

#include "engine/layers/dropout.h"
#include "support/grad_check.h"

using namespace nnfs;

TEST_CASE("dropout: inverted scaling in training, identity in inference", "[layers]") {
  Dropout dropout(0.25f);
  Tensor x({1, 10000}, 1.0f), y;
  Rng rng(5);
  dropout.forward(x, y, {true, &rng});
  double sum = 0;
  std::size_t zeros = 0;
  for (std::size_t i = 0; i < y.size(); ++i) {
    sum += y[i];
    zeros += y[i] == 0.0f;
    if (y[i] != 0.0f) CHECK(y[i] == Approx(1.0f / 0.75f));
  }
  CHECK(sum / 10000 == Approx(1.0).epsilon(0.03));  // expectation preserved
  CHECK(zeros == Approx(2500).epsilon(0.1));
  dropout.forward(x, y, {false, &rng});
  CHECK(y[0] == 1.0f);
  CHECK_THROWS(Dropout(1.0f));
}

TEST_CASE("dropout: gradient check with a fixed mask", "[layers][gradcheck]") {
  Dropout dropout(0.5f);
  std::vector<float> mask(3 * 8);
  Rng rng(9);
  for (float& m : mask) m = rng.bernoulli(0.5f) ? 2.0f : 0.0f;
  dropout.set_mask(mask);
  auto report = test::check_layer(dropout, {8}, 3, {}, /*training=*/true);
  INFO(report.detail);
  CHECK(report.ok);
}
