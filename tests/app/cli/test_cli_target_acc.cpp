// nnfs train --target-acc A (app/cli/target_accuracy.h) and the speedrun preset, on small
// MNIST-shaped fixtures: the run stops at the first check that reaches A, and says when.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "cli_files_fixture.h"

using namespace nnfs;
using namespace nnfs::test;
using json = nlohmann::json;

TEST_CASE("cli: --target-acc stops at the first check that reaches the target", "[cli]") {
  FilesFixture f;
  const std::string log = f.dir.file("log.jsonl"), out = f.dir.file("t.safetensors");
  // 200 samples at batch 10: 20 batches per epoch, checks after batches 5, 10 and 15 and at the end.
  const Run r = f.run({"train", "--data", f.mnist, "--model", "mlp", "--epochs", "40", "--batch", "10",
                       "--threads", "1", "--target-acc", "0.9", "--out", out, "--log-json", log});
  INFO(describe(r));
  REQUIRE(r.code == 0);
  CHECK_THAT(r.out, Catch::Contains("target accuracy 90.00% reached: ") &&
                        Catch::Contains("s after the process started (data loading included)"));
  CHECK_THAT(r.out, Catch::Contains("saved " + out));
  // Every finished epoch before the stop was below the target, and the run ended long before 40.
  const auto epochs = std::filesystem::exists(log) ? lines_of(slurp(log)) : std::vector<std::string>{};
  CHECK(epochs.size() < 40);
  const bool at_end = r.out.find("at the end of epoch") != std::string::npos;
  for (std::size_t e = 0; e + (at_end ? 1 : 0) < epochs.size(); ++e) CHECK(json::parse(epochs[e])["test_acc"].get<double>() < 0.9);
  if (r.out.find("at the end of epoch") != std::string::npos) {
    REQUIRE(!epochs.empty());
    CHECK(json::parse(epochs.back())["test_acc"].get<double>() >= 0.9);
    CHECK_THAT(r.out, Catch::Contains("at the end of epoch " + std::to_string(epochs.size())));
  } else {  // reached inside the epoch after the last logged one
    CHECK_THAT(r.out, Catch::Contains("at epoch " + std::to_string(epochs.size() + 1) + ", batch "));
  }
}

TEST_CASE("cli: --target-acc that is not reached trains every epoch and says so", "[cli]") {
  FilesFixture f;
  const Run r = f.run({"train", "--data", f.mnist, "--model", "mlp", "--epochs", "1", "--threads", "1",
                       "--target-acc", "1", "--lr", "1e-9", "--out", f.dir.file("t.safetensors")});
  INFO(describe(r));
  REQUIRE(r.code == 0);
  CHECK_THAT(r.out, Catch::Contains("target accuracy 100.00% not reached (best test accuracy "));
}

TEST_CASE("cli: --target-acc needs test data and the test set", "[cli]") {
  FilesFixture f;
  const Run no_test = f.refused({"train", "--train", f.train_csv, "--target-acc", "0.5", "--out",
                                 f.dir.file("t.safetensors")});
  check_refusal(no_test, 1, {"--target-acc needs test data"});
  const Run split = f.refused({"train", "--data", f.mnist, "--target-acc", "0.5", "--validation-split", "0.1",
                               "--out", f.dir.file("t.safetensors")});
  CHECK(split.code == 2);
  CHECK_THAT(split.err, Catch::Contains("--target-acc") && Catch::Contains("excludes"));
  const Run range = f.refused({"train", "--data", f.mnist, "--target-acc", "1.5", "--out", f.dir.file("t.safetensors")});
  CHECK(range.code == 2);
}

TEST_CASE("cli: the speedrun preset builds and trains one step", "[cli]") {
  FilesFixture f;
  const std::string out = f.dir.file("s.safetensors");
  const Run r = f.run({"train", "--data", f.mnist, "--model", "speedrun", "--epochs", "1", "--batch", "200",
                       "--threads", "2", "--out", out});
  INFO(describe(r));
  REQUIRE(r.code == 0);
  CHECK_THAT(r.out, Catch::Contains("total parameters: 98666") && Catch::Contains("augmentation") &&
                        Catch::Contains("onecycle"));
  CHECK_THAT(r.out, Catch::Contains("epoch 1/1"));
}

TEST_CASE("cli: the speedrun preset's recipe: batch 64 and Adam at 1e-2 unless the flags say otherwise", "[cli]") {
  FilesFixture f;
  const Run r = f.run({"train", "--data", f.mnist, "--model", "speedrun", "--epochs", "1", "--threads", "2", "--out",
                       f.dir.file("s.safetensors")});
  INFO(describe(r));
  REQUIRE(r.code == 0);
  CHECK_THAT(r.out, Catch::Contains("batch 64, adam lr 0.01 ") && Catch::Contains("augmentation (the last epoch without)"));
  const Run given = f.run({"train", "--data", f.mnist, "--model", "speedrun", "--epochs", "1", "--batch", "32",
                           "--lr", "0.002", "--clean-epochs", "0", "--threads", "2", "--out", f.dir.file("t.safetensors")});
  INFO(describe(given));
  REQUIRE(given.code == 0);
  CHECK_THAT(given.out, Catch::Contains("batch 32, adam lr 0.002 ") && Catch::Contains(" augmentation, loss"));
}

TEST_CASE("cli: --clean-epochs is a run's setting, not one a continued run changes", "[cli]") {
  FilesFixture f;
  const Run r = f.refused({"train", "--resume", f.dir.file("c.ckpt"), "--clean-epochs", "1", "--out",
                           f.dir.file("s.safetensors")});
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Catch::Contains("--clean-epochs") && Catch::Contains("excludes"));
}
