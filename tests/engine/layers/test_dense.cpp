#include <catch2/catch.hpp>

#include "engine/layers/dense.h"
#include "support/grad_check.h"

using namespace nnfs;

TEST_CASE("dense: forward computes x·W + b", "[layers]") {
  Dense dense({.units = 2});
  ParamArena arena;
  REQUIRE(dense.build({3}, "d", arena) == Shape{2});
  arena.allocate();
  dense.bind(arena);
  // W = [[1,2],[3,4],[5,6]], b = [0.5, -1]
  const float values[] = {1, 2, 3, 4, 5, 6, 0.5f, -1};
  std::copy(std::begin(values), std::end(values), arena.values().begin());
  Tensor x({1, 3}, {1, 0, -1});
  Tensor y;
  dense.forward(x, y, {});
  CHECK(y[0] == Approx(1 - 5 + 0.5));
  CHECK(y[1] == Approx(2 - 6 - 1));
}

TEST_CASE("dense: gradient check", "[layers][gradcheck]") {
  Dense dense({.units = 5});
  auto report = test::check_layer(dense, {7}, 4);
  INFO(report.detail);
  CHECK(report.ok);
}

TEST_CASE("dense: gradient check with L1 and L2 on weights and biases", "[layers][gradcheck]") {
  Dense dense({.units = 3, .init = Init::Xavier, .l1 = 0.1f, .l2 = 0.2f, .bias_l1 = 0.05f, .bias_l2 = 0.3f});
  // With dy = 0 the data term vanishes, so the gradients backward writes are exactly the
  // penalty's: they must match differences of regularization_loss().
  ParamArena arena;
  dense.build({4}, "d", arena);
  arena.allocate();
  dense.bind(arena);
  Rng rng(3);
  for (float& v : arena.values()) {
    v = rng.uniform(-1, 1);
    if (std::fabs(v) < 0.05f) v += 0.1f;  // away from the L1 kink at 0
  }
  Tensor x({2, 4}, 0.0f), y, dx;
  dense.forward(x, y, {});
  Tensor zero({2, 3}, 0.0f);
  std::vector<float> grads(arena.size());
  dense.backward(x, y, zero, dx, {grads});
  auto report = test::check_gradient([&] { return dense.regularization_loss(); }, arena.values().data(),
                                     grads.data(), arena.size(), "penalty", {});
  INFO(report.detail);
  CHECK(report.ok);
}

TEST_CASE("dense: reports regularisation loss λ1·Σ|W| + λ2·ΣW²", "[layers]") {
  Dense dense({.units = 1, .l1 = 0.5f, .l2 = 2.0f});
  ParamArena arena;
  dense.build({2}, "d", arena);
  arena.allocate();
  dense.bind(arena);
  const float values[] = {1, -2, 3};  // W = [1, -2], b = 3 (no bias penalty)
  std::copy(std::begin(values), std::end(values), arena.values().begin());
  CHECK(dense.regularization_loss() == Approx(0.5 * 3 + 2.0 * 5));
}

TEST_CASE("dense: initialisers have the expected spread", "[layers]") {
  for (auto [init, expected_std] : {std::pair{Init::He, std::sqrt(2.0 / 400)}, std::pair{Init::Nnfs, 0.01},
                                    std::pair{Init::Xavier, std::sqrt(6.0 / 500) / std::sqrt(3.0)}}) {
    Dense dense({.units = 100, .init = init});
    ParamArena arena;
    dense.build({400}, "d", arena);
    arena.allocate();
    dense.bind(arena);
    Rng rng(1);
    dense.init(rng);
    double sq = 0;
    for (std::size_t i = 0; i < 40000; ++i) sq += arena.values()[i] * arena.values()[i];
    CHECK(std::sqrt(sq / 40000) == Approx(expected_std).epsilon(0.03));
    CHECK(arena.values()[40000] == 0.0f);  // biases start at zero
  }
}
