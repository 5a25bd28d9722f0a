// The limits of a training run (issue 19, classes 4 and 9): one set (train_config.h) for the
// flags and for checkpoints, so every checkpoint a run writes can be resumed; thread counts above
// the limit are refused, counts above the machine's hardware threads are reduced with a note.
#include <catch2/catch.hpp>
#include <string>
#include <thread>
#include <vector>

#include "cli_files_fixture.h"
#include "engine/core/rng.h"
#include "engine/model/model_file.h"
#include "engine/train/checkpoint.h"

using namespace nnfs;
using nnfs::test::describe;
using nnfs::test::FilesFixture;
using nnfs::test::Run;

TEST_CASE("cli: --epochs, --batch and --threads beyond a checkpoint's limits are refused before training",
          "[cli][limits]") {
  FilesFixture f;
  const std::string ck = f.dir.file("ck"), out = f.dir.file("out");
  const auto train = [&](const std::string& flag, const std::string& value) {
    return f.refused({"train", "--data", f.mnist, flag, value, "--checkpoint", ck, "--out", out});
  };
  const struct {
    const char* flag;
    std::string value, range;
  } cases[] = {{"--epochs", "5000000", "not in range 1 to 1000000"},
               {"--epochs", "0", "not in range 1 to 1000000"},
               {"--batch", std::to_string(kMaxBatch + 1), "not in range 1 to 16777216"},
               {"--threads", "100000", "not in range 0 to 256"},
               {"--threads", "-1", "not in range 0 to 256"}};
  for (const auto& c : cases) {
    const Run r = train(c.flag, c.value);
    INFO(describe(r));
    CHECK(r.code == 2);
    CHECK_THAT(r.err, Catch::Contains(c.flag) && Catch::Contains(c.range));
    CHECK(r.out.find("epoch") == std::string::npos);
    CHECK_FALSE(std::filesystem::exists(ck));
  }
}

TEST_CASE("cli: checkpoints at every limit of the flags load, and one beyond is refused", "[cli][limits]") {
  FilesFixture f;
  const Model model = load_model(f.model);
  TrainConfig config;
  config.epochs = kMaxEpochs;
  config.batch = kMaxBatch;
  config.threads = kMaxThreads;
  REQUIRE_NOTHROW(config.validate());
  TrainState state;  // a run before its first batch
  state.shuffle_rng = Rng(1).state();
  state.layer_rng = Rng(2).state();
  state.optimizer.type = config.optimizer.type;
  const std::string ck = f.dir.file("limits.ck");
  save_checkpoint(ck, model, config, state);
  const Checkpoint back = load_checkpoint(ck);
  CHECK(back.config.epochs == kMaxEpochs);
  CHECK(back.config.batch == kMaxBatch);
  CHECK(back.config.threads == kMaxThreads);

  TrainConfig beyond = config;
  SECTION("epochs") { beyond.epochs = kMaxEpochs + 1; }
  SECTION("batch") { beyond.batch = kMaxBatch + 1; }
  SECTION("threads") { beyond.threads = kMaxThreads + 1; }
  CHECK_THROWS_AS(beyond.validate(), Error);
  save_checkpoint(ck, model, beyond, state);  // only a hand-made file can hold it now
  CHECK_THROWS_WITH(load_checkpoint(ck), Catch::Contains("must be") && Catch::Contains("from "));
}

TEST_CASE("cli: more threads than the machine has are reduced to its hardware threads, with a note",
          "[cli][limits]") {
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  REQUIRE(cores < kMaxThreads);  // the case needs a count above the cores and within the limit
  FilesFixture f;
  const std::string ck = f.dir.file("ck");
  const Run r = f.run({"train", "--data", f.mnist, "--epochs", "1", "--threads", std::to_string(kMaxThreads),
                       "--checkpoint", ck, "--out", f.dir.file("out")});
  INFO(describe(r));
  REQUIRE(r.code == 0);
  CHECK(r.err == "nnfs: note: --threads 256 is more than the " + std::to_string(cores) +
                     " hardware threads here; using " + std::to_string(cores) + "\n");
  // The checkpoint keeps the count it ran with, which resumes here without a note.
  CHECK(load_checkpoint(ck).config.threads == cores);
}

TEST_CASE("cli: a checkpoint saved with more threads than this machine has resumes here, with a note",
          "[cli][limits]") {
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  REQUIRE(cores < kMaxThreads);
  FilesFixture f;
  const std::string ck = f.dir.file("ck");
  REQUIRE(f.run({"train", "--data", f.mnist, "--epochs", "2", "--threads", "1", "--checkpoint", ck, "--out",
                 f.dir.file("a")}).code == 0);
  Checkpoint saved = load_checkpoint(ck);  // as a machine with 256 hardware threads writes it
  saved.config.threads = kMaxThreads;
  save_checkpoint(ck, saved.model, saved.config, saved.state, saved.info);
  const Run r = f.run({"train", "--resume", ck, "--out", f.dir.file("b")});
  INFO(describe(r));
  CHECK(r.code == 0);
  CHECK_THAT(r.err, Catch::StartsWith("nnfs: note: --threads 256 is more than the"));
}
