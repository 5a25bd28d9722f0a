// Steering the background trainer (issue 14): a RunChange given from another thread applies at
// the next batch, shows in the progress, goes into the run library through the job's recorder,
// and a continued run keeps it. Tagged [concurrency]: the suite runs these under ThreadSanitizer.
#include <catch2/catch.hpp>
#include <memory>
#include <thread>

#include "engine/runs/run_library.h"
#include "engine/runs/run_recorder.h"
#include "engine/train/background_trainer.h"
#include "support/fixtures.h"
#include "support/temp_dir.h"
#include "support/wait.h"

using namespace nnfs;
using nnfs::test::wait_until;

namespace {

// 120 samples in batches of 8: 15 steps per epoch.
TrainingJob steer_job(std::size_t epochs, std::uint64_t pause_at) {
  TrainingJob j;
  j.train = std::make_shared<const Dataset>(test::blobs(3, 40, 1));
  j.test = std::make_shared<const Dataset>(test::blobs(3, 10, 2));
  j.config.epochs = epochs;
  j.config.batch = 8;
  j.config.optimizer.lr = 0.01f;
  j.config.seed = 7;
  j.config.threads = 1;
  j.pause_at = pause_at;
  return j;
}

RunChange lr_change(float lr) {
  RunChange c;
  c.lr = lr;
  return c;
}

}  // namespace

TEST_CASE("steer: a change given while paused applies at the next batch and is listed", "[concurrency]") {
  BackgroundTrainer trainer;
  CHECK_FALSE(trainer.steer(lr_change(0.5f)));  // no run: dropped
  trainer.set_model(test::small_classifier({2}, 16, 3, 3));
  trainer.start(steer_job(2, 20));  // pauses in epoch 2 after its 5th batch
  wait_until([&] { return trainer.state() == TrainingState::Paused; });
  RunChange change = lr_change(0.002f);
  change.epochs = 3;
  std::thread other([&] { CHECK(trainer.steer(change)); });
  other.join();
  CHECK(trainer.progress().changes.empty());  // not before the next batch
  trainer.resume();
  trainer.join();

  const TrainingProgress p = trainer.progress();
  REQUIRE(trainer.state() == TrainingState::Finished);
  REQUIRE(p.changes.size() == 1);
  CHECK(p.changes[0].change == change);
  CHECK(p.changes[0].epoch == 2);
  CHECK(p.changes[0].step == 5);
  CHECK(p.changes[0].batches == 20);
  CHECK(p.config.optimizer.lr == 0.002f);
  CHECK(p.config.epochs == 3);
  CHECK(p.last_epoch == 3);
  CHECK(p.history.epochs.size() == 3);  // the run went on to the new end
  CHECK(p.global_step == 45);
}

TEST_CASE("steer: changes given before the next batch merge, later values winning", "[concurrency]") {
  BackgroundTrainer trainer;
  trainer.set_model(test::small_classifier({2}, 16, 3, 3));
  trainer.start(steer_job(2, 3));
  wait_until([&] { return trainer.state() == TrainingState::Paused; });
  RunChange augment;
  augment.augment = false;
  CHECK(trainer.steer(lr_change(0.1f)));
  CHECK(trainer.steer(augment));
  CHECK(trainer.steer(lr_change(0.003f)));
  trainer.resume();
  trainer.join();
  const TrainingProgress p = trainer.progress();
  REQUIRE(p.changes.size() == 1);
  CHECK(p.changes[0].change.lr == 0.003f);
  CHECK(p.changes[0].change.augment == false);
  CHECK(p.changes[0].batches == 3);
}

TEST_CASE("steer: a change the run cannot take is refused and the run goes on", "[concurrency]") {
  BackgroundTrainer trainer;
  trainer.set_model(test::small_classifier({2}, 16, 3, 3));
  trainer.start(steer_job(3, 20));  // paused in epoch 2
  wait_until([&] { return trainer.state() == TrainingState::Paused; });
  RunChange fewer;
  fewer.epochs = 1;  // epoch 2 is under way
  CHECK(trainer.steer(fewer));
  trainer.resume();
  trainer.join();
  const TrainingProgress p = trainer.progress();
  CHECK(trainer.state() == TrainingState::Finished);
  CHECK(p.changes.empty());
  CHECK(p.changes_refused == 1);
  CHECK(p.change_error.find("epochs must be at least 2") != std::string::npos);
  CHECK(p.history.epochs.size() == 3);
}

TEST_CASE("steer: a continued run keeps the change", "[concurrency]") {
  BackgroundTrainer trainer;
  trainer.set_model(test::small_classifier({2}, 16, 3, 3));
  trainer.start(steer_job(2, 20));
  wait_until([&] { return trainer.state() == TrainingState::Paused; });
  RunChange more;
  more.epochs = 3;
  more.lr = 0.004f;
  CHECK(trainer.steer(more));
  trainer.stop();  // the change is taken before the stop flag is read
  trainer.join();
  REQUIRE(trainer.state() == TrainingState::Stopped);
  REQUIRE(trainer.interrupted());
  // The stopped run's checkpoint has the changed settings, and continuing it runs to epoch 3.
  auto saved = trainer.request_checkpoint().get();
  CHECK(saved.config.optimizer.lr == 0.004f);
  CHECK(saved.config.epochs == 3);
  trainer.start(steer_job(2, 0));
  trainer.join();
  CHECK(trainer.progress().history.epochs.size() == 3);
}

TEST_CASE("steer: steering from another thread while the run trains is safe", "[concurrency]") {
  BackgroundTrainer trainer;
  trainer.set_model(test::small_classifier({2}, 16, 3, 3));
  trainer.start(steer_job(3, 0));
  std::thread other([&] {
    for (int i = 0; i < 200 && trainer.steer(lr_change(0.001f * static_cast<float>(1 + i % 5))); ++i)
      std::this_thread::yield();
  });
  TrainingProgress view;
  while (is_active(trainer.state())) trainer.poll(view);
  other.join();
  trainer.join();
  const TrainingProgress p = trainer.progress();
  CHECK(trainer.state() == TrainingState::Finished);
  for (std::size_t i = 1; i < p.changes.size(); ++i) CHECK(p.changes[i].batches > p.changes[i - 1].batches);
}

TEST_CASE("steer: the job's recorder puts the run, its change and its model in the library", "[concurrency]") {
  test::TempDir dir;
  const std::string library = (dir.path() / "runs").string();
  TrainingJob job = steer_job(2, 20);
  NewRun run;
  run.name = "steered";
  run.config = job.config;
  run.network = "small";
  run.train_samples = job.train->count;
  job.recorder = std::make_shared<RunRecorder>(RunRecorder::create(library, run));
  BackgroundTrainer trainer;
  trainer.set_model(test::small_classifier({2}, 16, 3, 3));
  trainer.start(job);
  wait_until([&] { return trainer.state() == TrainingState::Paused; });
  trainer.steer(lr_change(0.0005f));
  trainer.resume();
  trainer.join();
  job.recorder.reset();  // the last owner: the run's lock goes

  const RunInfo info = RunLibrary(library).load("steered");
  CHECK(info.problems.empty());
  CHECK(info.summary.state == RunState::Finished);
  CHECK(info.summary.epochs_done == 2);
  const std::vector<HistoryLine> changes = info.lines(HistoryLine::Kind::Change);
  REQUIRE(changes.size() == 1);
  CHECK(changes[0].global_step == 20);
  CHECK(changes[0].to.lr == 0.0005f);
  CHECK(info.lines(HistoryLine::Kind::Batch).size() == 30);
  CHECK(info.lines(HistoryLine::Kind::Epoch).size() == 2);
  const std::vector<HistoryLine> states = info.lines(HistoryLine::Kind::State);
  REQUIRE(states.size() >= 3);  // running, paused, running, ..., finished
  CHECK(states.back().state == RunState::Finished);
  CHECK(std::filesystem::exists(info.summary.dir + "/model.safetensors"));
  CHECK(std::filesystem::exists(info.summary.dir + "/checkpoint.nnfsckpt"));
}
