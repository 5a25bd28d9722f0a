#include <catch2/catch.hpp>

#include "engine/layers/dropout.h"
#include "support/fixtures.h"
#include "support/grad_check.h"

using namespace nnfs;

TEST_CASE("dropout: inverted scaling in training, identity in inference", "[layers]") {
  Dropout dropout(0.25f);
  ParamArena arena;
  dropout.build({10000}, "d", arena);
  const auto scratch = dropout.make_scratch(1);
  Tensor x({1, 10000}, 1.0f), y;
  Rng rng(5);
  dropout.forward(x, y, {true, &rng, scratch.get()});
  double sum = 0;
  std::size_t zeros = 0;
  for (std::size_t i = 0; i < y.size(); ++i) {
    sum += y[i];
    zeros += y[i] == 0.0f;
    if (y[i] != 0.0f) CHECK(y[i] == Approx(1.0f / 0.75f));
  }
  CHECK(sum / 10000 == Approx(1.0).epsilon(0.03));  // expectation preserved
  CHECK(zeros == Approx(2500).epsilon(0.1));
  dropout.forward(x, y, {false, &rng, scratch.get()});
  CHECK(y[0] == 1.0f);
  CHECK_THROWS(Dropout(1.0f));
}

TEST_CASE("dropout: gradient check with a fixed mask", "[layers][gradcheck]") {
  Dropout dropout(0.5f);
  std::vector<float> mask(3 * 8);
  Rng rng(9);
  for (float& m : mask) m = rng.bernoulli(0.5f) ? 2.0f : 0.0f;
  auto report = test::check_layer(dropout, {8}, 3, {}, /*training=*/true, [&](LayerScratch& s) {
    auto& d = static_cast<DropoutScratch&>(s);
    d.mask = mask;
    d.fixed = true;
  });
  INFO(report.detail);
  CHECK(report.ok);
}

TEST_CASE("dropout: the mask lives in the pass's scratch, so two passes keep their own", "[layers]") {
  Dropout dropout(0.5f);
  ParamArena arena;
  dropout.build({64}, "d", arena);
  const auto first = dropout.make_scratch(1), second = dropout.make_scratch(1);
  Tensor x({1, 64}, 1.0f), y1, y2, dx;
  Rng rng(3);
  dropout.forward(x, y1, {true, &rng, first.get()});
  dropout.forward(x, y2, {false, nullptr, second.get()});  // an inference pass in between
  dropout.backward(x, y1, x, dx, {{}, first.get()});
  CHECK(test::same_bits(dx, y1));  // dx = dy ⊙ m with dy = 1: the first pass's mask
  dropout.backward(x, y2, x, dx, {{}, second.get()});
  CHECK(test::same_bits(dx, x));   // the inference pass: the identity
}
