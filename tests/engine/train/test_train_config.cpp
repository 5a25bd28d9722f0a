// TrainConfig: defaults, validation, and the record a model file keeps.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "engine/core/error.h"
#include "engine/train/train_config.h"
#include "support/fixtures.h"

using namespace nnfs;

TEST_CASE("train config: defaults follow the issue (mlp preset: Adam 1e-3, batch 128)", "[train]") {
  const TrainConfig c;
  CHECK(c.epochs == 5);
  CHECK(c.batch == 128);
  CHECK(c.optimizer.type == OptimizerType::Adam);
  CHECK(c.optimizer.lr == Approx(1e-3f));
  CHECK(c.optimizer.epsilon == Approx(1e-7f));
  CHECK(c.seed == 1);
  CHECK(c.threads == 0);
  CHECK(c.validation_split == 0.0);
  CHECK_NOTHROW(c.validate());
}

TEST_CASE("train config: validate names the bad setting", "[train]") {
  TrainConfig c;
  SECTION("epochs") {
    c.epochs = 0;
    CHECK_THAT(test::error_message([&] { c.validate(); }), Catch::Contains("epochs"));
  }
  SECTION("batch") {
    c.batch = 0;
    CHECK_THAT(test::error_message([&] { c.validate(); }), Catch::Contains("batch"));
  }
  SECTION("validation split") {
    for (double bad : {1.0, -0.1, 1.5, std::numeric_limits<double>::quiet_NaN()}) {
      INFO(bad);
      c.validation_split = bad;
      CHECK_THAT(test::error_message([&] { c.validate(); }), Catch::Contains("validation split"));
    }
    c.validation_split = 0.999;
    CHECK_NOTHROW(c.validate());
  }
  SECTION("threads") {
    c.threads = -1;
    CHECK_THAT(test::error_message([&] { c.validate(); }), Catch::Contains("threads"));
    c.threads = 3;
    CHECK_NOTHROW(c.validate());
  }
  SECTION("optimizer") {
    c.optimizer.lr = 0.0f;
    CHECK_THAT(test::error_message([&] { c.validate(); }), Catch::Contains("learning rate"));
    // An unknown optimizer cannot be configured: its name is refused where it is read.
    CHECK_THAT(test::error_message([&] { OptimizerConfig::defaults("adamax"); }),
               Catch::Contains("unknown optimizer 'adamax' (expected sgd, adagrad, rmsprop, adam or adamw)"));
  }
}

TEST_CASE("train config: to_json records what decides the run, nothing machine-specific", "[train]") {
  TrainConfig c;
  c.epochs = 3;
  c.batch = 64;
  c.seed = 99;
  c.threads = 2;
  c.validation_split = 0.1;
  c.optimizer = OptimizerConfig::defaults("sgd");
  c.optimizer.lr = 0.5f;
  const nlohmann::json j = c.to_json();
  CHECK(j["epochs"] == 3);
  CHECK(j["batch"] == 64);
  CHECK(j["seed"] == 99);
  CHECK(j["validation_split"] == 0.1);
  CHECK(j["optimizer"]["type"] == "sgd");
  CHECK(j["optimizer"]["lr"].get<float>() == 0.5f);
  // The thread count does not change the weights, so it is not part of the record.
  CHECK_FALSE(j.contains("threads"));
  CHECK(OptimizerConfig::from_json(j["optimizer"]).lr == 0.5f);
}

TEST_CASE("train config: convolutional networks get augmentation, one-cycle and Adam 4e-3 by default", "[train]") {
  using json = nlohmann::json;
  const json mlp = json::array({{{"type", "dense"}, {"units", 10}}, {{"type", "softmax"}}});
  const json cnn = json::array({{{"type", "conv2d"}, {"filters", 4}}, {{"type", "relu"}}, {{"type", "flatten"}},
                                {{"type", "dense"}, {"units", 10}}});
  const TrainRecipe plain = recipe_for(mlp);
  CHECK_FALSE(plain.augment);
  CHECK(plain.schedule.kind == LrSchedule::Kind::Constant);
  CHECK(plain.adam_lr == TrainConfig{}.optimizer.lr);
  const TrainRecipe conv = recipe_for(cnn);
  CHECK(conv.augment);
  CHECK(conv.schedule.kind == LrSchedule::Kind::OneCycle);
  CHECK(conv.adam_lr == 4e-3f);
  CHECK_FALSE(recipe_for(json("not an array")).augment);
}

TEST_CASE("train config: schedule and augmentation are validated and recorded", "[train]") {
  TrainConfig c;
  CHECK_FALSE(c.to_json().contains("augment"));
  CHECK_FALSE(c.to_json().contains("lr_schedule"));
  c.augment = AugmentConfig{};
  c.schedule = LrSchedule::parse("cosine");
  CHECK(c.to_json()["augment"]["rotation"] == 10.0);
  CHECK(c.to_json()["lr_schedule"]["schedule"] == "cosine");
  c.augment->shift = -1.0f;
  CHECK_THAT(test::error_message([&] { c.validate(); }), Catch::Contains("shift"));
}

TEST_CASE("train config: clean_epochs leaves the last epochs unaugmented and is recorded only when set", "[train]") {
  TrainConfig c;
  c.epochs = 6;
  c.clean_epochs = 1;
  CHECK_FALSE(c.augments(1));  // no augmentation at all
  c.augment = AugmentConfig{};
  CHECK(c.augments(1));
  CHECK(c.augments(5));
  CHECK_FALSE(c.augments(6));
  CHECK(c.to_json()["clean_epochs"] == 1);
  c.clean_epochs = 0;
  CHECK(c.augments(6));
  CHECK_FALSE(c.to_json().contains("clean_epochs"));
  c.clean_epochs = kMaxEpochs + 1;
  CHECK_THAT(test::error_message([&] { c.validate(); }), Catch::Contains("clean epochs"));
}
