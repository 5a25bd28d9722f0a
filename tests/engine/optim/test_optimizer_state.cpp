// OptimizerState: capture and restore give an optimizer that continues exactly as the original.
#include <catch2/catch.hpp>
#include <vector>

#include "engine/core/error.h"
#include "engine/optim/optimizer_state.h"

using namespace nnfs;

TEST_CASE("optimizer state: a restored optimizer takes the same next step", "[optim]") {
  for (const char* type : {"sgd", "adagrad", "rmsprop", "adam", "adamw"}) {
    CAPTURE(type);
    OptimizerConfig config = OptimizerConfig::defaults(type);
    config.momentum = 0.5f;
    config.lr_decay = 0.01f;
    auto a = make_optimizer(config);
    std::vector<float> w = {0.5f, -1.0f, 2.0f}, g = {0.1f, -0.2f, 0.3f};
    a->step(w, g);
    a->step(w, g);
    const OptimizerState saved = OptimizerState::capture(*a);
    CHECK(saved.type == parse_optimizer_type(type));
    CHECK(saved.steps == 2);

    auto b = make_optimizer(config);
    REQUIRE(saved.fits(*b, w.size()));
    saved.restore(*b, w.size());
    std::vector<float> wa = w, wb = w;
    a->step(wa, g);
    b->step(wb, g);
    CHECK(wa == wb);
    CHECK(b->steps() == 3);
  }
}

TEST_CASE("optimizer state: a state that does not fit is refused", "[optim]") {
  auto adam = make_optimizer(OptimizerConfig::defaults("adam"));
  std::vector<float> w(4, 1.0f), g(4, 0.5f);
  adam->step(w, g);
  const OptimizerState s = OptimizerState::capture(*adam);
  auto sgd = make_optimizer(OptimizerConfig::defaults("sgd"));
  CHECK_FALSE(s.fits(*sgd, 4));
  CHECK_FALSE(s.fits(*adam, 5));
  CHECK_THROWS_AS(s.restore(*adam, 5), Error);
  CHECK(OptimizerState{}.empty());
  // Taken before the first step, the arrays are unsized and fit any parameter count.
  auto fresh = make_optimizer(OptimizerConfig::defaults("adam"));
  CHECK(OptimizerState::capture(*fresh).fits(*adam, 7));
}
