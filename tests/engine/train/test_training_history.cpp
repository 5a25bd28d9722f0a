// TrainingHistory in the model's training record: round trips, and damaged records never throw.
#include <catch2/catch.hpp>
#include <cmath>

#include "engine/train/training_history.h"

using namespace nnfs;
using json = nlohmann::json;

namespace {

TrainingHistory two_epochs() {
  TrainingHistory h;
  for (float v : {2.5f, 1.25f, 0.75f}) h.add_batch(v);
  EpochResult a;
  a.epoch = 1;
  a.train_loss = 1.5;
  a.train_acc = 0.5;
  a.test_loss = 1.0;
  a.test_acc = 0.625;
  h.add_epoch(a);
  h.add_batch(0.5f);
  EpochResult b = a;
  b.epoch = 2;
  b.test_loss.reset();
  b.test_acc.reset();
  h.add_epoch(b);
  return h;
}

}  // namespace

TEST_CASE("training history: store and load round trip", "[train]") {
  const TrainingHistory h = two_epochs();
  json training = {{"dataset", "blobs"}};
  h.store(training);
  CHECK(training["dataset"] == "blobs");  // other keys are kept
  CHECK(training["history"].size() == 2);
  CHECK(training["history"][0]["test_acc"] == 0.625);
  CHECK(training["history"][1]["test_acc"].is_null());
  CHECK(training["history"][0].contains("seconds") == false);  // same run, same bytes

  const TrainingHistory back = TrainingHistory::load(json::parse(training.dump()));
  CHECK(back.batch_loss == h.batch_loss);
  CHECK(back.epoch_batch_end == std::vector<std::size_t>{3, 4});
  REQUIRE(back.epochs.size() == 2);
  CHECK(back.epochs_done() == 2);
  CHECK(back.epochs[0].test_acc == 0.625);
  CHECK_FALSE(back.epochs[1].test_acc.has_value());
  CHECK(back.epochs[1].train_loss == 1.5);
}

TEST_CASE("training history: values are stored at full precision", "[train]") {
  TrainingHistory h;
  h.add_batch(0.123456789f);
  EpochResult r;
  r.epoch = 1;
  r.train_loss = 0.1234567890123;
  r.learning_rate = 1e-3 / 3;
  h.add_epoch(r);
  json training;
  h.store(training);
  const json back = json::parse(training.dump());
  CHECK(back["batch_loss"][0].get<float>() == 0.123456789f);
  CHECK(back["history"][0]["train_loss"].get<double>() == 0.1234567890123);
  CHECK(back["history"][0]["lr"].get<double>() == 1e-3 / 3);
  CHECK(TrainingHistory::load(back).epochs[0].learning_rate == 1e-3 / 3);
}

TEST_CASE("training history: records from nnfs train and damaged records load without throwing", "[train]") {
  // nnfs train writes "history" without batch_loss or batch_end.
  const json cli = {{"history", {{{"epoch", 1}, {"train_loss", 0.3}, {"train_acc", 0.9}, {"test_loss", 0.2},
                                  {"test_acc", 0.95}}}}};
  const TrainingHistory h = TrainingHistory::load(cli);
  REQUIRE(h.epochs.size() == 1);
  CHECK(h.epochs[0].test_acc == 0.95);
  CHECK(h.epoch_batch_end == std::vector<std::size_t>{0});

  for (const json& bad : {json(nullptr), json(3), json::object(), json{{"history", "x"}},
                          json{{"history", {1, "a", json::object(), {{"epoch", -1}}}}},
                          json{{"history", {{{"epoch", 2}}, {{"epoch", 1}}}}},
                          json{{"batch_loss", {1, "x", nullptr}}, {"history", {{{"epoch", 1}, {"batch_end", 99}}}}}}) {
    TrainingHistory loaded;
    REQUIRE_NOTHROW(loaded = TrainingHistory::load(bad));
    CHECK(loaded.epochs.size() == loaded.epoch_batch_end.size());
    for (std::size_t end : loaded.epoch_batch_end) CHECK(end <= loaded.batch_loss.size());
    for (std::size_t i = 1; i < loaded.epochs.size(); ++i) CHECK(loaded.epochs[i].epoch > loaded.epochs[i - 1].epoch);
  }
}
