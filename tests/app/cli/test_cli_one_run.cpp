// One run for both front ends, across processes: a checkpoint the studio's BackgroundTrainer
// saved in the middle of an epoch, continued by the real `nnfs train --resume`, and a checkpoint
// `nnfs train` saved when Ctrl+C stopped it, continued by a BackgroundTrainer, both write the
// model file of the uninterrupted `nnfs train` run byte for byte (same seed, --threads 1), for
// every optimizer, dropout, augmentation and schedule (tests/support/training_variants.h).
// `nnfs info` shows a model the same way whichever front end trained it.
#include <signal.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <thread>

#include "engine/data/data_source.h"
#include "engine/model/architecture.h"
#include "engine/model/model_file.h"
#include "engine/train/background_trainer.h"
#include "engine/train/new_model.h"
#include "support/fixtures.h"
#include "support/mnist_dir.h"
#include "support/process.h"
#include "support/temp_dir.h"
#include "support/training_variants.h"
#include "support/wait.h"

using namespace nnfs;
using nnfs::test::describe;
using nnfs::test::TempDir;
using nnfs::test::wait_until;

namespace {

constexpr std::size_t kBatch = 16;  // 200 images: 13 steps per epoch
constexpr std::uint64_t kSeed = 21;

std::string write_data_dir(const TempDir& dir) {
  return test::write_mnist_dir(dir, "digits", test::digit_patterns(200, 3), test::digit_patterns(60, 4));
}

// The studio's side of the run: the same data as `nnfs train --data DIR` reads, a network built
// as `nnfs train --arch` builds it, and the job the Training tab would start.
struct StudioRun {
  std::shared_ptr<const MnistData> data;
  std::string dir;
  test::TrainingVariant variant;

  StudioRun(const std::string& data_dir, test::TrainingVariant v, std::size_t epochs)
      : data(std::make_shared<const MnistData>(load_data_dir(data_dir))), dir(data_dir), variant(std::move(v)) {
    variant.config.epochs = epochs;
    variant.config.batch = kBatch;
    variant.config.seed = kSeed;
    variant.config.threads = 1;
  }
  Model fresh_model() const {
    const nlohmann::json arch = resolve_architecture(variant.arch, data->train.num_classes(), "--arch");
    return new_model(arch, data->train, "", kSeed);
  }
  TrainingJob job(std::uint64_t pause_at) const {
    TrainingJob j;
    j.train = std::shared_ptr<const Dataset>(data, &data->train);
    j.test = std::shared_ptr<const Dataset>(data, &data->test);
    j.config = variant.config;
    j.run = {resolve_data_dir(dir), ""};
    j.info = {{"data", dir}};
    j.pause_at = pause_at;
    return j;
  }
  std::vector<std::string> cli_args(const std::string& out) const {
    std::vector<std::string> args = {"train", "--data", dir, "--arch", variant.arch, "--epochs",
                                     std::to_string(variant.config.epochs), "--batch", std::to_string(kBatch),
                                     "--seed", std::to_string(kSeed), "--threads", "1", "--print-every", "1",
                                     "--out", out};
    args.insert(args.end(), variant.flags.begin(), variant.flags.end());
    return args;
  }
};

test::Run run_nnfs(const TempDir& dir, const std::vector<std::string>& args, const std::string& trigger = "") {
  return test::run_program(NNFS_CLI_PATH, dir, args, trigger, SIGINT);
}

// `nnfs info` without its first line (the file's path).
std::string info_without_path(const TempDir& dir, const std::string& model) {
  const test::Run r = run_nnfs(dir, {"info", "--model", model});
  INFO(describe(r));
  REQUIRE(r.code == 0);
  return r.out.substr(r.out.find('\n') + 1);
}

}  // namespace

TEST_CASE("cli: a checkpoint the studio saved mid-epoch, resumed by nnfs train, equals the uninterrupted run",
          "[cli][checkpoint][concurrency]") {
  TempDir dir;
  const std::string data = write_data_dir(dir);
  for (const test::TrainingVariant& variant : test::training_variants()) {
    INFO(variant.name);
    const StudioRun studio(data, variant, 3);
    const std::string full = dir.file("full.safetensors");
    const test::Run straight = run_nnfs(dir, studio.cli_args(full));
    INFO(describe(straight));
    REQUIRE(straight.code == 0);

    // The studio's run: paused at step 20 (epoch 2 of 13-step epochs), saved, stopped.
    const std::string ckpt = dir.file("studio.ckpt");
    {
      BackgroundTrainer trainer;
      trainer.set_model(studio.fresh_model());
      trainer.start(studio.job(20));
      wait_until([&] { return trainer.state() == TrainingState::Paused; });
      save_checkpoint(ckpt, trainer.request_checkpoint().get());
      trainer.stop();
      trainer.join();
    }
    const std::string resumed = dir.file("resumed.safetensors");
    const test::Run rest = run_nnfs(dir, {"train", "--resume", ckpt, "--out", resumed});
    INFO(describe(rest));
    REQUIRE(rest.code == 0);
    CHECK_THAT(rest.out, Catch::Contains("resuming " + ckpt + " at epoch 2, batch 7"));
    CHECK(test::read_bytes(resumed) == test::read_bytes(full));
  }
}

TEST_CASE("cli: a checkpoint nnfs train saved on Ctrl+C, continued by the studio's trainer, equals the "
          "uninterrupted run", "[cli][checkpoint][concurrency]") {
  TempDir dir;
  const std::string data = write_data_dir(dir);
  // Long enough that the signal, sent after the first epoch line, arrives well before the end.
  const StudioRun studio(data, test::training_variants()[3], 40);
  const std::string full = dir.file("full.safetensors");
  REQUIRE(run_nnfs(dir, studio.cli_args(full)).code == 0);

  const std::string ckpt = dir.file("cli.ckpt");
  std::vector<std::string> args = studio.cli_args(dir.file("never.safetensors"));
  args.insert(args.end(), {"--checkpoint", ckpt});
  const test::Run stopped = run_nnfs(dir, args, "epoch ");
  INFO(describe(stopped));
  REQUIRE(stopped.interrupted);
  REQUIRE(stopped.signalled);

  BackgroundTrainer trainer;
  trainer.set_checkpoint(load_checkpoint(ckpt));
  REQUIRE(trainer.interrupted());
  trainer.start(studio.job(0));
  trainer.join();
  REQUIRE(trainer.state() == TrainingState::Finished);
  const std::string continued = dir.file("continued.safetensors");
  save_model(continued, trainer.model_copy());
  CHECK(test::read_bytes(continued) == test::read_bytes(full));
}

TEST_CASE("cli: nnfs info shows a model the studio trained as one nnfs train trained", "[cli][concurrency]") {
  TempDir dir;
  const std::string data = write_data_dir(dir);
  const StudioRun studio(data, test::training_variants()[5], 2);
  const std::string cli = dir.file("cli.safetensors");
  REQUIRE(run_nnfs(dir, studio.cli_args(cli)).code == 0);
  BackgroundTrainer trainer;
  trainer.set_model(studio.fresh_model());
  trainer.start(studio.job(0));
  trainer.join();
  const std::string bg = dir.file("studio.safetensors");
  save_model(bg, trainer.model_copy());

  const std::string shown = info_without_path(dir, cli);
  CHECK(info_without_path(dir, bg) == shown);
  CHECK_THAT(shown, Catch::Contains("trained on   " + resolve_data_dir(data) + ", 200 samples, 2 epochs"));
  CHECK_THAT(shown, Catch::Contains("\"batch_loss\": \"26 values, from "));
}
