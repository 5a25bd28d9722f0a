#include <catch2/catch.hpp>

#include "engine/core/error.h"
#include "engine/optim/lr_schedule.h"
#include "engine/optim/optimizer.h"

using namespace nnfs;

TEST_CASE("lr schedule: constant is always 1", "[optim][schedule]") {
  const LrSchedule s;
  for (std::uint64_t t : {0u, 5u, 99u}) CHECK(s.factor(t, 100) == 1.0f);
}

TEST_CASE("lr schedule: cosine falls from 1 to 0 through one half at the middle", "[optim][schedule]") {
  const LrSchedule s = LrSchedule::parse("cosine");
  CHECK(s.factor(0, 101) == Approx(1.0));
  CHECK(s.factor(50, 101) == Approx(0.5).margin(0.02));
  CHECK(s.factor(100, 101) < 0.001f);
  for (std::uint64_t t = 1; t < 101; ++t) CHECK(s.factor(t, 101) <= s.factor(t - 1, 101));
}

TEST_CASE("lr schedule: cosine with warm-up rises linearly first", "[optim][schedule]") {
  LrSchedule s = LrSchedule::parse("cosine");
  s.warmup = 0.1;
  CHECK(s.factor(0, 100) == Approx(1.0 / 11));
  CHECK(s.factor(4, 100) == Approx(5.0 / 11));
  CHECK(s.factor(10, 100) == Approx(1.0));
  CHECK(s.factor(99, 100) < 0.01f);
}

TEST_CASE("lr schedule: one-cycle goes 1/25 → 1 at 30% → 1/(25·10⁴)", "[optim][schedule]") {
  const LrSchedule s = LrSchedule::parse("onecycle");
  CHECK(s.factor(0, 1000) == Approx(0.04));
  CHECK(s.factor(300, 1000) == Approx(1.0));
  CHECK(s.factor(150, 1000) == Approx(0.52).margin(0.01));
  CHECK(s.factor(999, 1000) == Approx(4e-6).margin(1e-5));
  CHECK(s.factor(5000, 1000) == s.factor(999, 1000));  // past the end: stays at the last value
}

TEST_CASE("lr schedule: names parse and bad values are refused", "[optim][schedule]") {
  CHECK(LrSchedule::parse("onecycle").name() == "onecycle");
  CHECK(LrSchedule::parse("constant").to_json() == nlohmann::json{{"schedule", "constant"}});
  CHECK(LrSchedule::parse("cosine").to_json()["warmup"] == 0.0);
  CHECK_THROWS_WITH(LrSchedule::parse("step"), Catch::Contains("cosine"));
  LrSchedule s = LrSchedule::parse("cosine");
  s.warmup = 1.5;
  CHECK_THROWS_AS(s.validate(), Error);
}

TEST_CASE("lr schedule: the optimizer applies the factor to its learning rate", "[optim][schedule]") {
  auto sgd = make_optimizer(OptimizerConfig::defaults("sgd"));  // lr 1
  std::vector<float> w{1.0f}, g{1.0f};
  sgd->set_lr_scale(0.25f);
  CHECK(sgd->current_lr() == 0.25f);
  sgd->step(w, g);
  CHECK(w[0] == 0.75f);
}
