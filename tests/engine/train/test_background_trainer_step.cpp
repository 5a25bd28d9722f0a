// BackgroundTrainer::step: a paused run takes exactly one batch and pauses again (the playground's
// Step). Acknowledgement is checked with step counters, never with timing; [concurrency]: the
// suite runs these under ThreadSanitizer.
#include <catch2/catch.hpp>
#include <algorithm>
#include <atomic>
#include <memory>
#include <span>
#include <thread>

#include "engine/train/background_trainer.h"
#include "support/fixtures.h"
#include "support/wait.h"

using namespace nnfs;
using nnfs::test::wait_until;

namespace {

TrainingJob step_job(std::size_t epochs, std::uint64_t pause_at) {
  TrainingJob j;
  j.train = std::make_shared<const Dataset>(test::blobs(3, 40, 1));  // 120 samples: 15 steps/epoch
  j.config.epochs = epochs;
  j.config.batch = 8;
  j.config.optimizer = OptimizerConfig::defaults("adam");
  j.config.seed = 7;
  j.config.threads = 1;
  j.pause_at = pause_at;
  j.weights_min_interval = 0.0;
  return j;
}

std::uint64_t steps_of(const BackgroundTrainer& t) { return t.progress().global_step; }

// The step count if the trainer is paused with at least `at_least` steps done, else 0. The state
// alone is not enough (right after step() it still reads Paused from before the batch), nor is a
// step count read before it (the batch may end between the two reads): the count is read on both
// sides of the state and must not have moved.
std::uint64_t paused_with(const BackgroundTrainer& t, std::uint64_t at_least) {
  const std::uint64_t before = steps_of(t);
  const bool paused = t.state() == TrainingState::Paused;
  return paused && before >= at_least && steps_of(t) == before ? before : 0;
}

// Paused after exactly `steps` optimizer steps.
void wait_paused_at(const BackgroundTrainer& t, std::uint64_t steps) {
  std::uint64_t at = 0;
  wait_until([&] { return (at = paused_with(t, steps)) != 0; });
  REQUIRE(at == steps);
}

}  // namespace

TEST_CASE("background trainer: step runs exactly one batch of a paused run", "[concurrency]") {
  BackgroundTrainer trainer;
  CHECK_FALSE(trainer.step());  // no run: nothing to step
  trainer.set_model(test::small_classifier({2}, 16, 3, 3));
  trainer.start(step_job(2, 5));
  wait_paused_at(trainer, 5);
  for (std::uint64_t s = 6; s <= 20; ++s) {  // across the epoch end at 15
    REQUIRE(trainer.step());
    wait_paused_at(trainer, s);
    CHECK(trainer.progress().history.batch_loss.size() == s);
    // The published weights are the paused network's (a pause publishes them, unthrottled).
    Checkpoint paused = trainer.request_checkpoint().get();  // served while paused
    const std::shared_ptr<const Model> weights = trainer.weights();
    const std::span<const float> shown = weights->net.params().values(), own = paused.model.net.params().values();
    CHECK(std::equal(shown.begin(), shown.end(), own.begin(), own.end()));
  }
  CHECK(trainer.progress().history.epochs.size() == 1);
  trainer.resume();  // the rest of the run, no pause left over from the steps
  trainer.join();
  CHECK(trainer.state() == TrainingState::Finished);
  CHECK(steps_of(trainer) == 30);
  CHECK_FALSE(trainer.step());
}

TEST_CASE("background trainer: a stepped run is the uninterrupted run", "[concurrency]") {
  const Model start = test::small_classifier({2}, 16, 3, 3);
  BackgroundTrainer whole, stepped;
  whole.set_model(clone_model(start));
  stepped.set_model(clone_model(start));
  whole.start(step_job(1, 0));
  stepped.start(step_job(1, 1));
  for (std::uint64_t s = 1; s < 15; ++s) {
    wait_paused_at(stepped, s);
    stepped.step();
  }
  whole.join();
  stepped.join();
  REQUIRE(stepped.state() == TrainingState::Finished);
  CHECK(stepped.progress().history.batch_loss == whole.progress().history.batch_loss);
  Model a_model = whole.model_copy(), b_model = stepped.model_copy();
  const auto a = a_model.net.params().values(), b = b_model.net.params().values();
  CHECK(std::equal(a.begin(), a.end(), b.begin(), b.end()));
}

TEST_CASE("background trainer: step from another thread while this one polls", "[concurrency]") {
  // A controller thread steps, resumes and stops while this thread polls, as the UI does. (Catch's
  // assertions are not thread-safe: the controller counts its failures instead.)
  BackgroundTrainer trainer;
  trainer.set_model(test::small_classifier({2}, 16, 3, 3));
  trainer.start(step_job(100000, 0));
  std::atomic<bool> done{false};
  std::atomic<int> failures{0};
  const auto paused_after = [&](std::uint64_t at_least) {
    std::uint64_t at = 0;
    while ((at = paused_with(trainer, at_least)) == 0) std::this_thread::yield();
    return at;
  };
  std::thread controller([&] {
    for (int round = 0; round < 20; ++round) {
      trainer.step();  // running: pauses after the batch in flight and one more
      const std::uint64_t at_command = steps_of(trainer);
      const std::uint64_t paused_at = paused_after(1);
      if (paused_at > at_command + 2) ++failures;
      for (int k = 1; k <= 3; ++k) {
        trainer.step();
        if (paused_after(paused_at + k) != paused_at + k) ++failures;
      }
      trainer.resume();
      while (steps_of(trainer) <= paused_at + 3) std::this_thread::yield();
    }
    trainer.step();
    trainer.stop();  // a stop wins over a step's pass
    done = true;
  });
  TrainingProgress view;
  while (!done) {
    trainer.poll(view);
    CHECK(view.history.batch_loss.size() <= view.global_step);
    std::this_thread::yield();
  }
  controller.join();
  trainer.join();
  CHECK(failures == 0);
  CHECK(trainer.state() == TrainingState::Stopped);
}
