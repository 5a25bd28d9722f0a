// One run for both front ends: the studio's BackgroundTrainer, paused in the middle of an epoch,
// saved as a checkpoint, loaded into a fresh trainer and continued to the end, writes the model
// file the synchronous epoch loop (what `nnfs train` runs) writes without a pause — byte for
// byte, for every optimizer, dropout, augmentation and schedule (tests/support/training_variants.h).
// The pauses come at fixed steps (TrainingJob::pause_at), so every run pauses mid-epoch. Tagged
// [concurrency]: the suite runs these pause/save/continue loops under ThreadSanitizer.
#include <catch2/catch.hpp>
#include <chrono>
#include <memory>
#include <thread>

#include "engine/model/architecture.h"
#include "engine/model/model_file.h"
#include "engine/train/background_trainer.h"
#include "engine/train/checkpoint.h"
#include "engine/train/new_model.h"
#include "engine/train/training_record.h"
#include "support/fixtures.h"
#include "support/temp_dir.h"
#include "support/training_variants.h"
#include "support/wait.h"

using namespace nnfs;
using nnfs::test::wait_until;

namespace {

// 200 images in batches of 16: 13 steps per epoch, 39 in the run.
constexpr std::size_t kEpochs = 3, kBatch = 16, kSteps = 13;

struct Setup {
  std::shared_ptr<const Dataset> train = std::make_shared<const Dataset>(test::digit_patterns(200, 3));
  std::shared_ptr<const Dataset> test = std::make_shared<const Dataset>(test::digit_patterns(60, 4));
  test::TrainingVariant variant;
  RunDescription description{"digit-patterns", ""};

  explicit Setup(test::TrainingVariant v) : variant(std::move(v)) {
    variant.config.epochs = kEpochs;
    variant.config.batch = kBatch;
    variant.config.seed = 21;
    variant.config.threads = 1;
  }
  Model fresh_model() const {
    return new_model(resolve_architecture(variant.arch, 10, "--arch"), *train, "", variant.config.seed);
  }
  TrainingJob job(std::uint64_t pause_at) const {
    TrainingJob j;
    j.train = train;
    j.test = test;
    j.config = variant.config;
    j.run = description;
    j.pause_at = pause_at;
    return j;
  }
};

// What `nnfs train` does: the synchronous loop, the training record, the model file.
std::vector<unsigned char> synchronous_file(const Setup& s, const std::string& path) {
  Model model = s.fresh_model();
  const TrainResult r = run_training(model, *s.train, s.test.get(), s.variant.config);
  model.training = training_record(model, s.description, s.variant.config, s.train->count, r.state.history);
  save_model(path, model);
  return test::read_bytes(path);
}

// Starts `trainer` with `job`, waits for its pause at job.pause_at and saves a checkpoint there.
void pause_and_save(BackgroundTrainer& trainer, TrainingJob job, const std::string& path) {
  const std::uint64_t at = job.pause_at;
  trainer.start(std::move(job));
  wait_until([&] { return trainer.state() == TrainingState::Paused; });
  const Checkpoint ck = trainer.request_checkpoint().get();
  CHECK(ck.state.history.batch_loss.size() == at);
  CHECK(ck.state.step == at % kSteps);  // in the middle of an epoch
  CHECK(ck.state.step != 0);
  save_checkpoint(path, ck);
}

}  // namespace

TEST_CASE("one run: paused, saved and continued in fresh trainers equals the synchronous run byte for byte",
          "[train][concurrency]") {
  for (const test::TrainingVariant& variant : test::training_variants()) {
    INFO(variant.name);
    const Setup s(variant);
    test::TempDir dir;
    const auto expected = synchronous_file(s, dir.file("sync.safetensors"));

    // Paused at step 6 (epoch 1), saved, stopped; the trainer is gone.
    {
      BackgroundTrainer first;
      first.set_model(s.fresh_model());
      pause_and_save(first, s.job(6), dir.file("a.ckpt"));
      first.stop();
      first.join();
      CHECK(first.state() == TrainingState::Stopped);
      CHECK(first.interrupted());
    }
    // A fresh trainer continues the file, pauses at step 20 (epoch 2) and saves again; it goes on
    // to the end, and so does a third trainer from that second file.
    BackgroundTrainer second;
    second.set_checkpoint(load_checkpoint(dir.file("a.ckpt")));
    CHECK(second.interrupted());
    pause_and_save(second, s.job(20), dir.file("b.ckpt"));
    second.resume();
    second.join();
    REQUIRE(second.state() == TrainingState::Finished);
    CHECK_FALSE(second.interrupted());
    save_model(dir.file("second.safetensors"), second.model_copy());
    CHECK(test::read_bytes(dir.file("second.safetensors")) == expected);

    BackgroundTrainer third;
    third.set_checkpoint(load_checkpoint(dir.file("b.ckpt")));
    third.start(s.job(0));
    third.join();
    REQUIRE(third.state() == TrainingState::Finished);
    save_model(dir.file("third.safetensors"), third.model_copy());
    CHECK(test::read_bytes(dir.file("third.safetensors")) == expected);
    const TrainingProgress p = third.progress();
    CHECK(p.first_epoch == 2);
    CHECK(p.history.batch_loss.size() == kEpochs * kSteps);
  }
}

TEST_CASE("one run: an uninterrupted background run equals the synchronous run byte for byte",
          "[train][concurrency]") {
  const Setup s(test::training_variants().front());
  test::TempDir dir;
  const auto expected = synchronous_file(s, dir.file("sync.safetensors"));
  BackgroundTrainer trainer;
  trainer.set_model(s.fresh_model());
  trainer.start(s.job(0));
  trainer.join();
  save_model(dir.file("bg.safetensors"), trainer.model_copy());
  CHECK(test::read_bytes(dir.file("bg.safetensors")) == expected);
}

TEST_CASE("one run: the training record has the same keys from either loop", "[train][concurrency]") {
  const Setup s(test::training_variants().back());
  test::TempDir dir;
  synchronous_file(s, dir.file("sync.safetensors"));
  const Model model = load_model(dir.file("sync.safetensors"));
  std::vector<std::string> keys;
  for (const auto& [key, value] : model.training.items()) keys.push_back(key);
  CHECK(keys == std::vector<std::string>{"arch", "batch_loss", "config", "dataset", "epochs", "history",
                                         "test_accuracy", "train_samples"});
  CHECK(model.training["batch_loss"].size() == kEpochs * kSteps);
  CHECK(model.training["history"][0].contains("batch_end"));
  CHECK_FALSE(model.training["history"][0].contains("seconds"));  // same run, same bytes

  BackgroundTrainer trainer;
  trainer.set_model(s.fresh_model());
  trainer.start(s.job(0));
  trainer.join();
  const Model trained = trainer.model_copy();
  std::vector<std::string> background;
  for (const auto& [key, value] : trained.training.items()) background.push_back(key);
  CHECK(background == keys);
}
