// "Teach the model my digits" without a window: when My digits is enough to teach with, the
// held-out fifth read back from the store, the scores before, and the run's settings.
#include <catch2/catch.hpp>

#include "app/studio/teach_plan.h"
#include "engine/core/error.h"
#include "engine/train/evaluate.h"
#include "support/temp_dir.h"
#include "teach_fixtures.h"

using namespace nnfs;
using namespace nnfs::studio;

TEST_CASE("teach shortfall: 5 of every digit kept, the short ones named", "[studio][teach]") {
  CHECK(teach_shortfall(std::vector<std::size_t>(10, 0)) ==
        "Draw and label some digits first (keys 0-9 while the canvas has the focus)");
  CHECK(teach_shortfall({}) == teach_shortfall(std::vector<std::size_t>(10, 0)));
  std::vector<std::size_t> counts(10, 0);
  counts[0] = 5;
  counts[7] = 6;
  CHECK(teach_shortfall(counts).empty());  // digits never drawn are not needed
  counts[2] = 1;
  counts[7] = 3;
  CHECK(teach_shortfall(counts) ==
        "Teaching needs at least 5 of each digit you keep (one in five is held out to score it): 2 has 1, 7 has 3");
}

TEST_CASE("plan_teaching: a stratified fifth of My digits held out, named by id, the model scored on it", "[studio][teach]") {
  test::TempDir tmp;
  const std::string dir = tmp.file("my-digits");
  test::write_digit_store(dir, {{1, 5}, {7, 10}, {0, 6}});
  const Model model = test::digit_mlp(3);
  const Dataset mnist_test = test::digit_patterns(40, 8);
  const TeachPlan plan = plan_teaching(model, &mnist_test, dir, 11);

  REQUIRE(plan.extra.holdout);
  CHECK(plan.extra.share == 0.25);
  CHECK(plan.extra.samples->count == 17);
  CHECK(plan.extra.holdout->count == 4);  // 1 of the 1s, 2 of the 7s, 1 of the 0s
  CHECK(plan.test_images == 40);
  // The ids are the held-out digits of the store, in the store's order.
  const DigitStore store(dir);
  REQUIRE(plan.held_out_ids.size() == 4);
  std::vector<std::int32_t> labels;
  for (const std::uint64_t id : plan.held_out_ids)
    for (const StoredDigit& d : store.samples())
      if (d.id == id) labels.push_back(d.label);
  CHECK(labels == plan.extra.holdout->labels);
  CHECK(plan.before.mine == evaluate(model, *plan.extra.holdout).accuracy);
  CHECK(plan.before.mnist == evaluate(model, mnist_test).accuracy);
  // The same seed, the same split; without a test set the MNIST score is not known.
  const TeachPlan again = plan_teaching(model, nullptr, dir, 11);
  CHECK(again.held_out_ids == plan.held_out_ids);
  CHECK(again.before.mnist == -1.0);
  CHECK(again.test_images == 0);
}

TEST_CASE("plan_teaching: no store, too few digits or a model that cannot read them are one-line errors", "[studio][teach]") {
  test::TempDir tmp;
  const Model model = test::digit_mlp(3);
  CHECK_THROWS_WITH(plan_teaching(model, nullptr, tmp.file("none"), 1), tmp.file("none") + ": My digits holds no drawings yet");
  const std::string dir = tmp.file("my-digits");
  test::write_digit_store(dir, {{4, 5}, {9, 2}});
  CHECK_THROWS_WITH(plan_teaching(model, nullptr, dir, 1),
                    dir + ": Teaching needs at least 5 of each digit you keep (one in five is held out to score it): 9 has 2");
  test::write_digit_store(dir, {{9, 3}});
  Dataset abc = test::digit_patterns(3, 1);
  abc.class_names = {"a", "b", "c"};
  const Model three = new_model(resolve_architecture("mlp", 3, "network"), abc, "", 1);
  CHECK_THROWS_WITH(plan_teaching(three, nullptr, dir, 1),
                    dir + ": sample 1 has label 4 but the model has 3 classes");
}

TEST_CASE("score_model: accuracy on the held-out digits and the test set, unknown when absent", "[studio][teach]") {
  const Model model = test::digit_mlp(5);
  const Dataset data = test::digit_patterns(30, 2);
  const TeachScore both = score_model(model, &data, &data);
  CHECK(both.mine == evaluate(model, data).accuracy);
  CHECK(both.mnist == both.mine);
  const Dataset empty = data.subset({});
  const TeachScore none = score_model(model, nullptr, &empty);
  CHECK(none.mine == -1.0);
  CHECK(none.mnist == -1.0);
}

TEST_CASE("teach_config: the engine's fine-tuning recipe with the Training tab's seed and threads", "[studio][teach]") {
  const TrainConfig c = teach_config(42, 1);
  CHECK(c.seed == 42);
  CHECK(c.threads == 1);
  CHECK(c.epochs == 1);
  CHECK(c.optimizer.type == OptimizerType::Adam);
  CHECK(c.optimizer.lr == 1e-4f);
  CHECK(c.augment.has_value());
  CHECK(c.schedule.name() == "constant");
}
