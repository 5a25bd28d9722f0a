// The fine-tuning recipe and the extra samples' split, shared by `nnfs train --init --extra` and
// the studio's "Teach the model my digits" (engine/train/teach_recipe.h).
#include <catch2/catch.hpp>
#include <algorithm>

#include "engine/core/error.h"
#include "engine/data/stratified_split.h"
#include "engine/train/teach_recipe.h"
#include "support/fixtures.h"

using namespace nnfs;

TEST_CASE("teach recipe: 1 epoch, Adam at 1e-4, augmentation, constant rate, unless chosen", "[train][teach]") {
  TrainConfig c;
  c.epochs = 7;
  c.schedule = LrSchedule::parse("onecycle");
  apply_teach_recipe(c);
  CHECK(c.epochs == 1);
  CHECK(c.optimizer.lr == 1e-4f);
  CHECK(c.augment.has_value());
  CHECK(c.schedule.name() == "constant");

  TrainConfig chosen;
  chosen.epochs = 3;
  chosen.optimizer.lr = 5e-3f;
  apply_teach_recipe(chosen, {true, true, true, true});
  CHECK(chosen.epochs == 3);
  CHECK(chosen.optimizer.lr == 5e-3f);
  CHECK_FALSE(chosen.augment.has_value());

  TrainConfig sgd;
  sgd.optimizer = OptimizerConfig::defaults("sgd");
  const float rate = sgd.optimizer.lr;
  apply_teach_recipe(sgd);
  CHECK(sgd.optimizer.lr == rate);  // only Adam's rate has a fine-tuning default
}

TEST_CASE("split_extra: a stratified hold-out, its indices, the rest mixed in at the share", "[train][teach]") {
  const Dataset all = test::digit_patterns(60, 3);  // 6 of every digit
  std::vector<std::size_t> held;
  const ExtraData extra = split_extra(all, 0.3, kExtraHoldout, 9, &held);
  CHECK(extra.share == 0.3);
  REQUIRE(extra.holdout);
  CHECK(extra.samples->count == 50);
  CHECK(extra.holdout->count == 10);
  REQUIRE(held.size() == 10);
  CHECK(std::is_sorted(held.begin(), held.end()));
  // The indices name exactly the held-out samples, one of every digit, the split stratified_split makes.
  const Dataset named = all.subset(held);
  CHECK(named.pixels == extra.holdout->pixels);
  for (std::int32_t digit = 0; digit < 10; ++digit)
    CHECK(std::count(named.labels.begin(), named.labels.end(), digit) == 1);
  CHECK(stratified_split(all, kExtraHoldout, 9).validation.pixels == named.pixels);

  const ExtraData none = split_extra(all, kExtraShare, 0.0, 9);
  CHECK(none.samples->count == 60);
  CHECK_FALSE(none.holdout);

  Dataset empty = all.subset({});
  empty.source = "mine.csv";
  CHECK_THROWS_WITH(split_extra(empty, kExtraShare, kExtraHoldout, 1), "mine.csv: no labelled samples");
}
