// The background trainer driven from another thread, as the studio drives it: start, pause,
// resume, stop and checkpoints in loops. Acknowledgement is checked with step counters, never
// with timing. Tagged [concurrency]: the suite runs these under ThreadSanitizer.
#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>
#include <future>
#include <memory>
#include <thread>
#include <vector>

#include "engine/model/model_file.h"
#include "engine/train/background_trainer.h"
#include "support/fixtures.h"
#include "support/temp_dir.h"
#include "support/wait.h"

using namespace nnfs;
using nnfs::test::wait_until;

namespace {

constexpr std::size_t kBatch = 8;

std::shared_ptr<const Dataset> blob_data(std::size_t per_class, std::uint64_t seed) {
  return std::make_shared<const Dataset>(test::blobs(3, per_class, seed));
}

TrainingJob job(std::size_t epochs, std::shared_ptr<const Dataset> train,
                std::shared_ptr<const Dataset> test_set = nullptr) {
  TrainingJob j;
  j.train = std::move(train);
  j.test = std::move(test_set);
  j.config.epochs = epochs;
  j.config.batch = kBatch;
  j.config.optimizer = OptimizerConfig::defaults("adam");
  j.config.optimizer.lr = 0.01f;
  j.config.seed = 7;
  j.config.threads = 1;
  j.weights_min_interval = 0.0;
  return j;
}

Model fresh_model(std::uint64_t seed = 3) { return test::small_classifier({2}, 16, 3, seed); }

std::uint64_t steps_of(const BackgroundTrainer& t) { return t.progress().global_step; }

bool all_finite(std::span<const float> v) {
  for (float x : v)
    if (!std::isfinite(x)) return false;
  return true;
}

}  // namespace

TEST_CASE("background trainer: a run publishes progress, history, weights and evaluations", "[concurrency]") {
  BackgroundTrainer trainer;
  CHECK(trainer.state() == TrainingState::Idle);
  trainer.set_model(fresh_model());
  const auto train = blob_data(40, 1), test_set = blob_data(20, 2);  // 120 samples: 15 steps/epoch
  trainer.start(job(4, train, test_set));
  trainer.join();

  REQUIRE(trainer.state() == TrainingState::Finished);
  const TrainingProgress p = trainer.progress();
  CHECK(p.message == "finished 4 epochs");
  CHECK(p.global_step == 60);
  CHECK(p.steps_per_epoch == 15);
  CHECK(p.first_epoch == 1);
  CHECK(p.last_epoch == 4);
  CHECK(p.epoch == 4);
  CHECK(p.run_fraction() == 1.0);
  REQUIRE(p.history.epochs.size() == 4);
  CHECK(p.history.batch_loss.size() == 60);
  CHECK(p.history.epoch_batch_end == std::vector<std::size_t>{15, 30, 45, 60});
  CHECK(p.history.epochs[3].epoch == 4);
  REQUIRE(p.history.epochs[3].test_acc.has_value());
  CHECK(*p.history.epochs[3].test_acc >= 0.9);

  const auto report = trainer.evaluation();
  REQUIRE(report);
  CHECK(report->epoch == 4);
  CHECK(report->summary.accuracy == *p.history.epochs[3].test_acc);
  std::size_t total = 0;
  for (const auto& row : report->summary.confusion)
    for (std::size_t n : row) total += n;
  CHECK(total == test_set->count);
  CHECK(report->misclassified.size() == test_set->count - report->summary.confusion[0][0] -
                                            report->summary.confusion[1][1] - report->summary.confusion[2][2]);
  REQUIRE(trainer.weights());
  CHECK(trainer.weights()->net.param_count() == fresh_model().net.param_count());
  const auto ck = trainer.epoch_checkpoint();
  REQUIRE(ck);
  CHECK(ck->state.history.epochs_done() == 4);
  CHECK(ck->state.epoch == 5);
  CHECK(ck->state.optimizer.steps == 60);
}

TEST_CASE("background trainer: pause is acknowledged within one batch and holds until resume", "[concurrency]") {
  BackgroundTrainer trainer;
  trainer.set_model(fresh_model());
  trainer.start(job(100000, blob_data(40, 1)));
  for (int round = 0; round < 25; ++round) {
    const std::uint64_t before = steps_of(trainer);
    wait_until([&] { return steps_of(trainer) > before; });  // running again
    trainer.pause();
    const std::uint64_t at_command = steps_of(trainer);
    wait_until([&] { return trainer.state() == TrainingState::Paused; });
    const std::uint64_t paused_at = steps_of(trainer);
    CHECK(paused_at <= at_command + 1);  // the batch in flight may finish, no other starts
    std::this_thread::yield();
    CHECK(steps_of(trainer) == paused_at);
    CHECK(trainer.state() == TrainingState::Paused);
    trainer.resume();
  }
  trainer.stop();
  trainer.join();
  CHECK(trainer.state() == TrainingState::Stopped);
}

TEST_CASE("background trainer: stop is acknowledged within one batch, running or paused", "[concurrency]") {
  const auto train = blob_data(40, 1);
  BackgroundTrainer trainer;
  trainer.set_model(fresh_model());
  for (int round = 0; round < 30; ++round) {
    trainer.start(job(100000, train));
    const int mode = round % 3;
    if (mode == 1) wait_until([&] { return steps_of(trainer) >= 3; });
    if (mode == 2) {
      trainer.pause();
      wait_until([&] { return trainer.state() == TrainingState::Paused; });
    }
    trainer.stop();
    const std::uint64_t at_command = steps_of(trainer);
    trainer.join();  // never deadlocks: stop also wakes a paused run
    REQUIRE(trainer.state() == TrainingState::Stopped);
    CHECK(steps_of(trainer) <= at_command + 1);
    CHECK(trainer.progress().message.rfind("stopped at epoch", 0) == 0);
  }
  // Every run continued the same model: its history holds all the steps.
  const TrainingProgress p = trainer.progress();
  CHECK(p.history.batch_loss.size() >= 10);
}

TEST_CASE("background trainer: commands from another thread in a loop", "[concurrency]") {
  // A controller thread hammers the commands while this thread polls, as the UI does. (Catch's
  // assertions are not thread-safe: the controller counts its failures instead.)
  BackgroundTrainer trainer;
  trainer.set_model(fresh_model());
  const auto train = blob_data(30, 4), test_set = blob_data(10, 5);
  std::atomic<bool> done{false};
  std::atomic<int> failures{0};
  std::thread controller([&] {
    for (int round = 0; round < 40; ++round) {
      trainer.start(job(3, train, test_set));
      trainer.pause();
      trainer.resume();
      if (round % 2) trainer.pause();
      auto future = trainer.request_checkpoint();
      if (round % 4 == 1) trainer.resume();
      const Checkpoint c = future.get();  // served between batches, even while paused
      const TrainState& s = c.state;
      if (s.epoch != s.history.epochs.size() + 1 || s.history.batch_loss.size() != s.optimizer.steps) ++failures;
      if (round % 3) trainer.stop();
      else trainer.resume();
      trainer.join();
      if (is_active(trainer.state())) ++failures;
    }
    done = true;
  });
  TrainingProgress view;
  std::size_t polls = 0;
  while (!done) {
    if (trainer.poll(view)) ++polls;
    CHECK(view.history.epochs.size() == view.history.epoch_batch_end.size());
    if (auto w = trainer.weights()) CHECK(w->net.param_count() > 0);
    if (auto e = trainer.evaluation()) CHECK(e->summary.count == test_set->count);
    std::this_thread::yield();
  }
  controller.join();
  CHECK(failures == 0);
  trainer.poll(view);
  const TrainingProgress full = trainer.progress();
  CHECK(polls > 0);
  CHECK(view.history.batch_loss == full.history.batch_loss);  // appending equals copying
  CHECK(view.history.epochs.size() == full.history.epochs.size());
  CHECK(view.version == full.version);
}

TEST_CASE("background trainer: checkpoints are consistent between weights, optimizer and history", "[concurrency]") {
  BackgroundTrainer trainer;
  trainer.set_model(fresh_model());
  const auto train = blob_data(40, 1), test_set = blob_data(10, 2);
  trainer.start(job(100000, train, test_set));
  for (int i = 0; i < 40; ++i) {
    if (i % 10 == 5) trainer.pause();
    if (i % 10 == 8) trainer.resume();
    const Checkpoint c = trainer.request_checkpoint().get();
    const TrainState& s = c.state;
    // One fresh optimizer, one history: every count agrees when taken between two batches.
    CHECK(s.optimizer.type == OptimizerType::Adam);
    CHECK(s.history.batch_loss.size() == s.optimizer.steps);
    CHECK(s.epoch == s.history.epochs.size() + 1);
    CHECK(s.optimizer.steps == (s.epoch - 1) * 15 + s.step);
    if (s.optimizer.steps > 0)
      for (const auto& [name, array] : s.optimizer.arrays) CHECK(array.size() == c.model.net.param_count());
    CHECK(c.model.training["batch_loss"].size() == s.optimizer.steps);
    CHECK(all_finite(c.model.net.params().values()));
  }
  trainer.resume();
  trainer.stop();
  trainer.join();
  // After the run, a checkpoint is taken at once and still agrees.
  CHECK(trainer.interrupted());
  const Checkpoint last = trainer.request_checkpoint().get();
  CHECK(last.state.history.batch_loss.size() == trainer.progress().global_step);
  CHECK(last.state.optimizer.steps == trainer.progress().global_step);
}

TEST_CASE("background trainer: the epoch checkpoint has exactly the accuracy the evaluation shows", "[concurrency]") {
  BackgroundTrainer trainer;
  trainer.set_model(fresh_model());
  const auto train = blob_data(40, 1), test_set = blob_data(30, 9);
  trainer.start(job(6, train, test_set));
  int checked = 0;
  while (is_active(trainer.state()) || checked == 0) {
    const auto report = trainer.evaluation();
    const auto ck = trainer.epoch_checkpoint();
    if (report && ck && report->epoch == ck->state.history.epochs_done()) {
      Model model = clone_model(ck->model);
      CHECK(evaluate(model, *test_set).accuracy == report->summary.accuracy);
      ++checked;
    }
    std::this_thread::yield();
  }
  trainer.join();
  CHECK(checked > 0);
}

TEST_CASE("background trainer: a model saved while training loads with its weights and history", "[concurrency]") {
  test::TempDir dir;
  BackgroundTrainer trainer;
  trainer.set_model(fresh_model());
  auto j = job(100000, blob_data(40, 1));
  j.run = {"blobs", ""};
  trainer.start(j);
  wait_until([&] { return steps_of(trainer) >= 40; });
  const Checkpoint c = trainer.request_checkpoint().get();
  save_checkpoint(dir.file("m.safetensors"), c);
  trainer.stop();
  trainer.join();

  const Model loaded = load_model(dir.file("m.safetensors"));
  CHECK(test::same_bits(loaded.net.params().values(), c.model.net.params().values()));
  CHECK(loaded.training["dataset"] == "blobs");
  const TrainingHistory h = TrainingHistory::load(loaded.training);
  CHECK(h.batch_loss.size() == c.state.optimizer.steps);
  CHECK(h.epochs.size() == c.state.epoch - 1);

  // Opening it again continues its history (as a model) or its run (as a checkpoint).
  BackgroundTrainer again;
  again.set_model(load_model(dir.file("m.safetensors")));
  CHECK(again.progress().history.batch_loss.size() == c.state.optimizer.steps);
  CHECK_FALSE(again.interrupted());
  again.set_checkpoint(load_checkpoint(dir.file("m.safetensors")));
  CHECK(again.interrupted());
  CHECK(again.progress().history.batch_loss.size() == c.state.optimizer.steps);
}

TEST_CASE("background trainer: continue training keeps weights, optimizer state and history", "[concurrency]") {
  BackgroundTrainer trainer;
  trainer.set_model(fresh_model());
  const auto train = blob_data(40, 1), test_set = blob_data(10, 2);
  trainer.start(job(2, train, test_set));
  trainer.join();
  const TrainingProgress first = trainer.progress();
  REQUIRE(first.history.epochs.size() == 2);

  trainer.start(job(1, train, test_set));
  const TrainingProgress starting = trainer.progress();
  CHECK(starting.first_epoch == 3);
  CHECK(starting.last_epoch == 3);
  trainer.join();
  const TrainingProgress second = trainer.progress();
  REQUIRE(second.history.epochs.size() == 3);
  CHECK(second.history.epochs[2].epoch == 3);
  CHECK(second.history.batch_loss.size() == 45);
  // Not re-initialised: the third epoch starts where the second ended, far below a fresh model.
  CHECK(second.history.batch_loss[30] < 0.5 * first.history.batch_loss[0]);
  // The optimizer continued: Adam's step count spans both runs.
  CHECK(trainer.request_checkpoint().get().state.optimizer.steps == 45);
  CHECK(trainer.epoch_checkpoint()->model.training["epochs"] == 3);
}

TEST_CASE("background trainer: a NaN loss fails the run and keeps the last good weights", "[concurrency]") {
  // An absurd SGD learning rate makes the weights overflow within a few steps.
  auto diverging = job(50, blob_data(40, 1));
  diverging.config.optimizer = OptimizerConfig::defaults("sgd");
  diverging.config.optimizer.lr = 1e30f;

  // The reference: the same run synchronously, recording the weights each batch starts from.
  Model reference = fresh_model();
  std::vector<std::vector<float>> starts;
  TrainCallbacks hooks;
  hooks.between_batches = [&](const BatchProgress&, const CaptureState&) {
    const auto w = reference.net.params().values();
    starts.emplace_back(w.begin(), w.end());
  };
  REQUIRE_THROWS_AS(run_training(reference, *diverging.train, nullptr, diverging.config, hooks), Error);
  REQUIRE(starts.size() >= 2);

  for (int round = 0; round < 5; ++round) {
    BackgroundTrainer trainer;
    trainer.set_model(fresh_model());
    trainer.start(diverging);
    trainer.join();
    REQUIRE(trainer.state() == TrainingState::Failed);
    const TrainingProgress p = trainer.progress();
    CHECK_THAT(p.message, Catch::Contains("training diverged") && Catch::Contains("kept the weights"));
    // The failing batch started from starts.back(); the one before it passed the loss check.
    const Model kept = trainer.model_copy();
    CHECK(test::same_bits(kept.net.params().values(), starts[starts.size() - 2]));
    CHECK(test::same_bits(trainer.weights()->net.params().values(), starts[starts.size() - 2]));
    // Its moments led there: no run state to continue, the next start begins afresh.
    CHECK_FALSE(trainer.interrupted());
    CHECK_THAT(test::error_message([&] { trainer.request_checkpoint().get(); }), Catch::Contains("no training run"));
  }
}

TEST_CASE("background trainer: destroying a running or paused trainer stops it", "[concurrency]") {
  const auto train = blob_data(40, 1);
  for (int round = 0; round < 20; ++round) {
    std::future<Checkpoint> pending;
    {
      BackgroundTrainer trainer;
      trainer.set_model(fresh_model());
      trainer.start(job(100000, train));
      if (round % 2) trainer.pause();
      if (round % 4 == 3) wait_until([&] { return trainer.state() == TrainingState::Paused; });
      pending = trainer.request_checkpoint();
    }
    // A checkpoint asked for before the end is still delivered.
    CHECK(pending.get().model.net.param_count() > 0);
  }
}

TEST_CASE("background trainer: misuse is refused with clear errors", "[concurrency]") {
  BackgroundTrainer trainer;
  CHECK_THAT(test::error_message([&] { trainer.start(job(1, blob_data(5, 1))); }), Catch::Contains("no model"));
  CHECK_THROWS_AS(trainer.request_checkpoint().get(), Error);
  trainer.set_model(fresh_model());
  CHECK_THAT(test::error_message([&] { trainer.start(job(1, nullptr)); }), Catch::Contains("no training data"));
  auto bad = job(1, blob_data(5, 1));
  bad.config.batch = 0;
  CHECK_THROWS_AS(trainer.start(bad), Error);

  trainer.start(job(100000, blob_data(40, 1)));
  CHECK_THAT(test::error_message([&] { trainer.start(job(1, blob_data(5, 1))); }), Catch::Contains("already running"));
  CHECK_THAT(test::error_message([&] { trainer.set_model(fresh_model()); }), Catch::Contains("stop it first"));
  trainer.stop();
  trainer.join();

  // Data that does not fit the model fails the run (on the training thread), with the reason.
  auto wide = job(1, std::make_shared<const Dataset>(test::blobs(3, 10, 1, 5)));
  trainer.start(wide);
  trainer.join();
  CHECK(trainer.state() == TrainingState::Failed);
  CHECK_THAT(trainer.progress().message, Catch::Contains("values but the model expects"));
}

TEST_CASE("background trainer: training with a worker pool of two threads", "[concurrency]") {
  BackgroundTrainer trainer;
  trainer.set_model(test::small_classifier({2}, 64, 3, 3));
  auto j = job(3, blob_data(60, 1), blob_data(20, 2));
  j.config.threads = 2;
  j.config.batch = 64;
  trainer.start(j);
  std::shared_ptr<const Model> seen;
  while (is_active(trainer.state())) {
    if (auto w = trainer.weights(); w && w != seen) {
      Model copy = clone_model(*w);  // predict on a private copy while training goes on
      CHECK(evaluate(copy, *j.test).count == j.test->count);
      seen = w;
    }
  }
  trainer.join();
  CHECK(trainer.state() == TrainingState::Finished);
}

TEST_CASE("background trainer: the default thread count leaves a core for the UI", "[concurrency]") {
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  CHECK(default_training_threads() == std::max(1, cores - 1));
  CHECK(std::string(to_string(TrainingState::Paused)) == "paused");
  CHECK(std::string(to_string(TrainingState::Failed)) == "failed");
}
