// RunChange: its JSON, apply_change's checks, and the epoch loop's take_change hook — a change
// taken between two batches gives the model that stopping there and resuming with the change gives.
#include <atomic>
#include <catch2/catch.hpp>

#include "engine/model/architecture.h"
#include "engine/model/sequential.h"
#include "engine/train/epoch_loop.h"
#include "engine/train/extra_data.h"
#include "engine/train/run_change.h"
#include "support/fixtures.h"

using namespace nnfs;
using json = nlohmann::json;

namespace {

// MNIST-shaped digits, 7 batches of 32 per epoch, 3 epochs, with augmentation and a schedule.
struct Problem {
  Dataset train = test::digit_patterns(200, 3), test = test::digit_patterns(50, 4);
  json architecture = parse_architecture("flatten,dense:32,relu,dropout:0.1,dense:10,softmax");
  TrainConfig config;

  Problem() {
    config.epochs = 3;
    config.batch = 32;
    config.seed = 5;
    config.threads = 1;
    config.augment = AugmentConfig{};
    config.schedule = LrSchedule::parse("cosine");
  }
  Model fresh_model() const {
    Model m;
    m.net = Sequential::from_architecture(train.sample_shape, architecture);
    m.net.init(config.seed);
    m.loss = default_loss(architecture);
    return m;
  }
};

std::vector<float> weights(const Model& m) {
  const auto v = m.net.params().values();
  return {v.begin(), v.end()};
}

// The run with `change` taken before batch `step` of `epoch`, and the run stopped there and resumed
// with the change: their weights and histories.
void check_same_as_resumed(const RunChange& change, std::size_t epoch, std::size_t step,
                           const ExtraData* extra = nullptr) {
  const Problem p;
  Model live = p.fresh_model();
  TrainCallbacks take;
  bool taken = false;
  std::vector<std::pair<RunChange, BatchProgress>> reported;
  // Offer the change only before the chosen batch.
  std::size_t at_epoch = 0, at_step = 0;
  take.between_batches = [&](const BatchProgress& next, const CaptureState&) {
    at_epoch = next.epoch;
    at_step = next.step;
  };
  take.take_change = [&]() -> std::optional<RunChange> {
    if (taken || at_epoch != epoch || at_step != step) return std::nullopt;
    taken = true;
    return change;
  };
  take.on_change = [&](const RunChange& c, const BatchProgress& at) { reported.emplace_back(c, at); };
  const TrainResult a = run_training(live, p.train, &p.test, p.config, take, nullptr, nullptr, extra);
  REQUIRE(reported.size() == 1);
  CHECK(reported[0].first == change);
  CHECK(reported[0].second.epoch == epoch);
  CHECK(reported[0].second.step == step);

  Model resumed = p.fresh_model();
  std::atomic<bool> stop{false};
  TrainCallbacks halt;
  halt.between_batches = [&](const BatchProgress& next, const CaptureState&) {
    if (next.epoch == epoch && next.step == step) stop = true;
  };
  const TrainResult first = run_training(resumed, p.train, &p.test, p.config, halt, &stop, nullptr, extra);
  REQUIRE(first.stopped);
  TrainConfig changed = p.config;
  apply_change(changed, change, step == 0 ? epoch - 1 : epoch);
  const TrainResult b = run_training(resumed, p.train, &p.test, changed, {}, nullptr, &first.state, extra);

  CHECK(test::same_bits(weights(live), weights(resumed)));
  CHECK(a.state.history.batch_loss == b.state.history.batch_loss);
  CHECK(a.epochs.size() == b.epochs.size());
  CHECK(a.config.to_json() == changed.to_json());
}

}  // namespace

TEST_CASE("run change: JSON round trip keeps only the changed settings", "[train][run_change]") {
  RunChange c;
  CHECK(c.empty());
  CHECK(c.to_json() == json::object());
  c.lr = 5e-4f;
  c.epochs = 8;
  c.augment = false;
  c.schedule = LrSchedule::parse("onecycle");
  const RunChange back = RunChange::from_json(c.to_json());
  CHECK(back == c);
  CHECK(RunChange::from_json(json::parse(R"({"schedule": "cosine"})")).schedule->kind == LrSchedule::Kind::Cosine);
}

TEST_CASE("run change: bad JSON is a one-line error naming the key", "[train][run_change]") {
  using Catch::Contains;
  CHECK_THAT(test::error_message([] { RunChange::from_json(json::array()); }), Contains("expected a JSON object"));
  CHECK_THAT(test::error_message([] { RunChange::from_json(json::parse(R"({"lr": "x"})")); }),
             Contains("change: 'lr' must be a finite number"));
  CHECK_THAT(test::error_message([] { RunChange::from_json(json::parse(R"({"epochs": -1})")); }),
             Contains("change: 'epochs' must be a whole number"));
  CHECK_THAT(test::error_message([] { RunChange::from_json(json::parse(R"({"augment": 1})")); }),
             Contains("change: 'augment' must be true or false"));
  CHECK_THAT(test::error_message([] { RunChange::from_json(json::parse(R"({"schedule": "step"})")); }),
             Contains("unknown learning-rate schedule 'step'"));
  CHECK_THAT(test::error_message([] { RunChange::from_json(json::parse(R"({"schedule": {"schedule": "cosine", "warmup": 2}})")); }),
             Contains("change: 'schedule'"));
}

TEST_CASE("run change: apply_change sets the settings and refuses invalid ones", "[train][run_change]") {
  TrainConfig config;
  config.epochs = 3;
  RunChange c;
  c.lr = 0.01f;
  c.epochs = 6;
  c.augment = true;
  c.schedule = LrSchedule::parse("cosine");
  apply_change(config, c, 2);
  CHECK(config.optimizer.lr == 0.01f);
  CHECK(config.epochs == 6);
  CHECK(config.augment == AugmentConfig{});
  CHECK(config.schedule.kind == LrSchedule::Kind::Cosine);
  CHECK(c.current_values(config) == c);

  RunChange fewer;
  fewer.epochs = 1;
  CHECK(test::error_message([&] { apply_change(config, fewer, 2); }) ==
        "epochs must be at least 2 (the epochs done or under way), found 1");
  RunChange bad_lr;
  bad_lr.lr = -1.0f;
  const TrainConfig before = config;
  CHECK_THAT(test::error_message([&] { apply_change(config, bad_lr, 0); }), Catch::Contains("learning rate"));
  CHECK(config.to_json() == before.to_json());  // unchanged after a refused change
}

TEST_CASE("run change: a change at an epoch boundary equals stopping there and resuming with it",
          "[train][run_change]") {
  RunChange c;
  c.lr = 5e-4f;
  c.epochs = 4;
  c.augment = false;
  c.schedule = LrSchedule::parse("onecycle");
  check_same_as_resumed(c, 2, 0);
}

TEST_CASE("run change: a change in the middle of an epoch equals stopping there and resuming with it",
          "[train][run_change]") {
  RunChange c;
  c.augment = false;  // the batch the loader had already assembled must be made again
  c.lr = 2e-3f;
  check_same_as_resumed(c, 2, 3);
  RunChange fewer;
  fewer.epochs = 2;  // ends after the epoch under way
  check_same_as_resumed(fewer, 2, 3);
}

TEST_CASE("run change: with extra samples mixed in, augmentation switched off mid-epoch equals resuming",
          "[train][run_change]") {
  // The new loader must serve the training rows followed by the extra samples, as the old one did.
  ExtraData extra;
  extra.samples = std::make_shared<const Dataset>(test::digit_patterns(30, 9));
  extra.share = 0.25;
  RunChange c;
  c.augment = false;
  check_same_as_resumed(c, 2, 3, &extra);
}

TEST_CASE("run change: fewer epochs at an epoch boundary ends the run there", "[train][run_change]") {
  RunChange c;
  c.epochs = 1;
  check_same_as_resumed(c, 2, 0);
}
