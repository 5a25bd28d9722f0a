#include <catch2/catch.hpp>

#include <vector>

#include "app/studio/run_compare.h"

using namespace nnfs;
using namespace nnfs::studio;

namespace {
RunSummary row(std::string id, std::string name, std::string started, std::optional<double> acc, std::size_t epochs) {
  RunSummary r;
  r.id = std::move(id);
  r.name = std::move(name);
  r.started = std::move(started);
  r.best_test_acc = acc;
  r.epochs_done = epochs;
  return r;
}

std::vector<std::string> ids(const std::vector<RunSummary>& rows) {
  std::vector<std::string> out;
  for (const RunSummary& r : rows) out.push_back(r.id);
  return out;
}

EpochResult epoch(std::size_t n, double loss, double acc, std::optional<double> test_acc, double seconds) {
  EpochResult e;
  e.epoch = n;
  e.train_loss = loss;
  e.train_acc = acc;
  e.test_acc = test_acc;
  e.seconds = seconds;
  return e;
}

// Two epochs of 4 batches (10 s and 20 s), then 2 batches of a third epoch still under way.
TrainingHistory two_and_a_bit_epochs() {
  TrainingHistory h;
  h.batch_loss.assign(4, 1.0f);
  h.add_epoch(epoch(1, 0.5, 0.8, 0.9, 10.0));
  h.batch_loss.resize(8, 1.0f);
  h.add_epoch(epoch(2, 0.3, 0.85, std::nullopt, 20.0));
  h.batch_loss.resize(10, 1.0f);
  return h;
}
}  // namespace

TEST_CASE("runs sort by any column, ties newest first", "[studio][runs]") {
  std::vector<RunSummary> rows = {row("a", "beta", "2026-01-02T00:00:00Z", 0.9, 3), row("b", "alpha", "2026-01-03T00:00:00Z", std::nullopt, 2),
                              row("c", "gamma", "2026-01-01T00:00:00Z", 0.95, 3)};
  sort_runs(rows, RunColumn::Name, true);
  CHECK(ids(rows) == std::vector<std::string>{"b", "a", "c"});
  sort_runs(rows, RunColumn::Name, false);
  CHECK(ids(rows) == std::vector<std::string>{"c", "a", "b"});
  sort_runs(rows, RunColumn::Started, true);
  CHECK(ids(rows) == std::vector<std::string>{"c", "a", "b"});
  // Equal epochs fall back on the newest first.
  sort_runs(rows, RunColumn::Epochs, false);
  CHECK(ids(rows) == std::vector<std::string>{"a", "c", "b"});
  sort_runs(rows, RunColumn::Epochs, true);
  CHECK(ids(rows) == std::vector<std::string>{"b", "a", "c"});
}

TEST_CASE("runs without an accuracy sort last in both directions", "[studio][runs]") {
  std::vector<RunSummary> rows = {row("a", "x", "1", std::nullopt, 1), row("b", "y", "2", 0.5, 1), row("c", "z", "3", 0.7, 1)};
  sort_runs(rows, RunColumn::BestAccuracy, false);
  CHECK(ids(rows) == std::vector<std::string>{"c", "b", "a"});
  sort_runs(rows, RunColumn::BestAccuracy, true);
  CHECK(ids(rows) == std::vector<std::string>{"b", "c", "a"});
}

TEST_CASE("only the settings that differ are compared, nested keys dotted", "[studio][runs]") {
  const std::vector<nlohmann::json> settings = {
      {{"epochs", 2}, {"optimizer", {{"type", "adam"}, {"lr", 0.001}}}, {"seed", 1}, {"arch", "mlp"}},
      {{"epochs", 2}, {"optimizer", {{"type", "sgd"}, {"lr", 0.001}, {"momentum", 0.8999999761581421}}}, {"seed", 1}, {"arch", "mlp"}},
      {{"epochs", 2}, {"optimizer", {{"type", "rmsprop"}, {"lr", 0.001}}}, {"seed", 1}, {"arch", "mlp"}}};
  const std::vector<SettingDiff> d = differing_settings(settings);
  REQUIRE(d.size() == 2);
  CHECK(d[0].key == "optimizer.momentum");
  CHECK(d[0].values == std::vector<std::string>{"—", "0.9", "—"});
  CHECK(d[1].key == "optimizer.type");
  CHECK(d[1].values == std::vector<std::string>{"adam", "sgd", "rmsprop"});

  CHECK(differing_settings(std::span(settings).first(1)).empty());
  const std::vector<nlohmann::json> same = {settings[0], settings[0]};
  CHECK(differing_settings(same).empty());
  // Arrays compare whole.
  const std::vector<nlohmann::json> arrays = {{{"layers", {1, 2}}}, {{"layers", {1, 3}}}};
  REQUIRE(differing_settings(arrays).size() == 1);
  CHECK(differing_settings(arrays)[0].values == std::vector<std::string>{"[1,2]", "[1,3]"});
}

TEST_CASE("a run's position maps to epoch, step and training time", "[studio][runs]") {
  const TrainingHistory h = two_and_a_bit_epochs();
  const OverlayAxis axis(h, 0);
  CHECK(*axis.x(6, OverlayX::Step) == 6.0);
  CHECK(*axis.x(2, OverlayX::Epoch) == Approx(0.5));
  CHECK(*axis.x(4, OverlayX::Epoch) == Approx(1.0));
  CHECK(*axis.x(6, OverlayX::Epoch) == Approx(1.5));
  CHECK(*axis.x(10, OverlayX::Epoch) == Approx(2.5));  // the epoch under way, at the last pace
  CHECK(*axis.x(2, OverlayX::Time) == Approx(5.0));
  CHECK(*axis.x(6, OverlayX::Time) == Approx(20.0));
  CHECK(*axis.x(10, OverlayX::Time) == Approx(40.0));

  // Before any epoch has finished: epochs from the given pace, no time at all.
  TrainingHistory fresh;
  fresh.batch_loss = {2.0f, 1.5f};
  const OverlayAxis early(fresh, 8);
  CHECK(*early.x(2, OverlayX::Epoch) == Approx(0.25));
  CHECK_FALSE(early.x(2, OverlayX::Time));
  CHECK_FALSE(OverlayAxis(fresh, 0).x(2, OverlayX::Epoch));

  // With each batch's own time (the history lines' t), time needs no finished epoch.
  const std::vector<float> seconds = {0.5f, 1.5f};
  const OverlayAxis timed(fresh, 8, seconds);
  CHECK(*timed.x(2, OverlayX::Time) == Approx(1.5));
  CHECK(*timed.x(1.5, OverlayX::Time) == Approx(1.0));
  CHECK(*timed.x(0.5, OverlayX::Time) == Approx(0.25));
  CHECK_FALSE(timed.x(3, OverlayX::Time));  // past the batches known, no finished epoch
}

TEST_CASE("batches per epoch come from a run's settings", "[studio][runs]") {
  nlohmann::json settings = {{"train_samples", 1000}, {"config", {{"batch", 128}, {"validation_split", 0.0}}}};
  CHECK(steps_per_epoch(settings) == 8);
  settings["config"]["validation_split"] = 0.1;  // 900 kept
  CHECK(steps_per_epoch(settings) == 8);
  settings["config"]["validation_split"] = 0.2;  // 800 kept
  CHECK(steps_per_epoch(settings) == 7);
  CHECK(steps_per_epoch(nlohmann::json::object()) == 0);
  CHECK(steps_per_epoch({{"train_samples", 10}, {"config", {{"batch", 0}}}}) == 0);
  CHECK(steps_per_epoch({{"train_samples", "x"}, {"config", {{"batch", 2}}}}) == 0);
}

TEST_CASE("overlay curves: smoothed batch loss, epoch points and change markers", "[studio][runs]") {
  TrainingHistory h = two_and_a_bit_epochs();
  h.batch_loss[0] = 2.0f;
  h.batch_loss[1] = 1.0f;
  const std::vector<std::size_t> changes = {6};
  const OverlayCurves c = overlay_curves(h, 0, OverlayX::Epoch, 0.5f, changes);
  REQUIRE(c.step_x.size() == 10);
  CHECK(c.step_loss[0] == 2.0f);
  CHECK(c.step_loss[1] == Approx(1.5f));
  CHECK(c.epoch_x == std::vector<float>{1.0f, 2.0f});
  CHECK(c.epoch_acc[0] == Approx(90.0f));  // test accuracy when measured
  CHECK(c.epoch_acc[1] == Approx(85.0f));  // else the training accuracy
  CHECK(c.epoch_loss[1] == Approx(0.3f));
  REQUIRE(c.change_x.size() == 1);
  CHECK(c.change_x[0] == Approx(1.5f));

  const OverlayCurves t = overlay_curves(h, 0, OverlayX::Time, 0.0f, changes);
  CHECK(t.epoch_x == std::vector<float>{10.0f, 30.0f});
  CHECK(t.change_x[0] == Approx(20.0f));
}
