// `nnfs train` stopped by Ctrl+C: the real binary in a child process whose output the test reads
// as it comes; after the first epoch line the test sends SIGINT. The run must stop after the
// batch in flight, save its checkpoint and end by the signal; `nnfs train --resume` must then
// write the model file an uninterrupted run writes, byte for byte (--threads 1). Also: a save
// that hits a file-size limit (as on a full disk) fails cleanly and keeps the old model.
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "engine/data/idx_reader.h"
#include "engine/train/checkpoint.h"
#include "support/fixtures.h"
#include "support/mnist_dir.h"
#include "support/process.h"
#include "support/temp_dir.h"

using namespace nnfs;
using nnfs::test::TempDir;

namespace {

using nnfs::test::describe;
using nnfs::test::Run;
using nnfs::test::slurp;

std::size_t epoch_lines(const std::string& out) {
  std::istringstream in(out);
  std::size_t n = 0;
  for (std::string line; std::getline(in, line);) n += line.rfind("epoch ", 0) == 0;
  return n;
}

// `nnfs args...`; once a stdout line starting with `trigger` has arrived, `sig` is sent
// (support/process.h).
Run run_nnfs(const TempDir& dir, const std::vector<std::string>& args, const std::string& trigger = "",
             int sig = SIGINT) {
  return nnfs::test::run_program(NNFS_CLI_PATH, dir, args, trigger, sig);
}

// MNIST-shaped synthetic digits in IDX files: 300 training and 100 test images.
std::string write_mnist_dir(const TempDir& dir) {
  return test::write_mnist_dir(dir, "mnist", test::digit_patterns(300, 1), test::digit_patterns(100, 2));
}

}  // namespace

TEST_CASE("cli: Ctrl+C during train leaves a checkpoint and --resume writes the uninterrupted model",
          "[cli][checkpoint]") {
  TempDir dir;
  const std::string data = write_mnist_dir(dir);
  // 50 epochs of 10 batches: long enough that the signal arrives well before the end, also on a
  // busy machine (it has come 6 epochs after the line that triggered it). Every
  // epoch is printed, so each one is part of the model's training history.
  const std::vector<std::string> run_args = {"train", "--data", data, "--model", "mlp", "--epochs", "50",
                                             "--batch", "32", "--seed", "9", "--threads", "1",
                                             "--print-every", "1"};
  auto with = [&](std::vector<std::string> extra) {
    std::vector<std::string> args = run_args;
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
  };

  const std::string full = dir.file("full.safetensors");
  const Run straight = run_nnfs(dir, with({"--out", full}));
  INFO(describe(straight));
  REQUIRE(straight.code == 0);
  CHECK(epoch_lines(straight.out) == 50);

  // Ctrl+C once the first epoch line is out (the run stops early in epoch 2), or as soon as
  // training starts (it usually stops in the middle of epoch 1).
  const std::string trigger = GENERATE(as<std::string>{}, "epoch ", "training on ");
  INFO("SIGINT after the line starting with '" << trigger << "'");
  const std::string ckpt = dir.file("run.ckpt");
  const std::string resumed = dir.file("resumed.safetensors");
  const Run stopped = run_nnfs(dir, with({"--checkpoint", ckpt, "--out", resumed}), trigger, SIGINT);
  INFO(describe(stopped));
  REQUIRE(stopped.interrupted);
  // Ended by the signal itself after saving (a shell sees 130), with one line saying so.
  CHECK(stopped.signalled);
  CHECK(stopped.code == -SIGINT);
  CHECK(std::count(stopped.err.begin(), stopped.err.end(), '\n') == 1);
  CHECK_THAT(stopped.err, Catch::StartsWith("nnfs: SIGINT: stopped at epoch "));
  CHECK_THAT(stopped.err, Catch::Contains("checkpoint saved to " + ckpt + " (continue with: nnfs train --resume " + ckpt));
  const std::size_t printed = epoch_lines(stopped.out);
  CHECK(printed >= (trigger == "epoch " ? 1u : 0u));
  CHECK(printed < 50);
  CHECK_FALSE(std::filesystem::exists(resumed));  // no model file from a stopped run
  REQUIRE(std::filesystem::exists(ckpt));
  const Checkpoint ck = load_checkpoint(ckpt);
  CHECK(ck.state.epoch == printed + 1);  // stopped in the epoch after the last printed one
  CHECK(ck.state.history.epochs.size() == printed);
  CHECK(ck.config.threads == 1);

  // Only the checkpoint is named: data, network and settings come from it.
  const Run rest = run_nnfs(dir, {"train", "--resume", ckpt, "--out", resumed});
  INFO(describe(rest));
  REQUIRE(rest.code == 0);
  CHECK_THAT(rest.out, Catch::Contains("resuming " + ckpt + " at epoch " + std::to_string(printed + 1) + ", batch "));
  CHECK(printed + epoch_lines(rest.out) == 50);
  CHECK(test::read_bytes(resumed) == test::read_bytes(full));
  // The checkpoint now holds the finished run.
  CHECK(load_checkpoint(ckpt).state.epoch == 51);
}

TEST_CASE("cli: Ctrl+C during train --no-run without --checkpoint says nothing was saved", "[cli][checkpoint]") {
  TempDir dir;
  const std::string data = write_mnist_dir(dir);
  const std::string out = dir.file("m.safetensors");
  const Run r = run_nnfs(dir, {"train", "--data", data, "--model", "mlp", "--epochs", "50", "--batch", "32",
                               "--threads", "1", "--print-every", "1", "--out", out, "--no-run"},
                         "epoch ", SIGTERM);
  INFO(describe(r));
  REQUIRE(r.interrupted);
  CHECK(r.code == -SIGTERM);
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  CHECK_THAT(r.err, Catch::StartsWith("nnfs: SIGTERM: stopped at epoch "));
  CHECK_THAT(r.err, Catch::Contains("nothing saved (--checkpoint FILE keeps a resumable run)"));
  CHECK_FALSE(std::filesystem::exists(out));
}

TEST_CASE("cli: train --resume with a bad checkpoint is a one-line error", "[cli][checkpoint]") {
  TempDir dir;
  const std::string out = dir.file("m.safetensors");
  SECTION("missing") {
    const std::string missing = dir.file("missing.ckpt");
    const Run r = run_nnfs(dir, {"train", "--resume", missing, "--out", out});
    INFO(describe(r));
    CHECK(r.code == 1);
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    CHECK_THAT(r.err, Catch::StartsWith("nnfs: " + missing + ": "));
  }
  SECTION("truncated") {
    const std::string data = write_mnist_dir(dir);
    const std::string ckpt = dir.file("run.ckpt");
    const Run first = run_nnfs(dir, {"train", "--data", data, "--model", "mlp", "--epochs", "1", "--batch", "100",
                                     "--threads", "1", "--checkpoint", ckpt, "--out", out});
    REQUIRE(first.code == 0);
    auto bytes = test::read_bytes(ckpt);
    bytes.resize(bytes.size() / 2);
    const std::string cut = dir.write_bytes("cut.ckpt", bytes);
    const Run r = run_nnfs(dir, {"train", "--resume", cut, "--out", dir.file("n.safetensors")});
    INFO(describe(r));
    CHECK(r.code == 1);
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    CHECK_THAT(r.err, Catch::StartsWith("nnfs: " + cut + ": "));
    CHECK_THAT(r.err, !Catch::Contains("internal error"));
  }
  SECTION("a model file, not a checkpoint") {
    const std::string data = write_mnist_dir(dir);
    REQUIRE(run_nnfs(dir, {"train", "--data", data, "--model", "mlp", "--epochs", "1", "--batch", "100",
                           "--threads", "1", "--out", out}).code == 0);
    const Run r = run_nnfs(dir, {"train", "--resume", out, "--out", dir.file("n.safetensors")});
    INFO(describe(r));
    CHECK(r.code == 1);
    CHECK_THAT(r.err, Catch::StartsWith("nnfs: " + out + ": not a checkpoint"));
  }
}

TEST_CASE("cli: train onto a full disk fails cleanly and keeps the old model", "[cli][faults]") {
  TempDir dir;
  const std::string data = write_mnist_dir(dir);
  const std::string out = dir.file("m.safetensors");
  const std::vector<std::string> args = {"train", "--data", data, "--model", "mlp", "--epochs", "1",
                                         "--batch", "100", "--threads", "1", "--out", out, "--no-run"};
  REQUIRE(run_nnfs(dir, args).code == 0);
  const auto old_bytes = test::read_bytes(out);
  REQUIRE(old_bytes.size() > 400'000);

  // The child inherits a 64 KiB file-size limit (writes beyond it fail with EFBIG, as on a full
  // disk); nnfs ignores SIGXFSZ itself, so the write fails instead of the process being killed.
  rlimit old_limit{};
  REQUIRE(getrlimit(RLIMIT_FSIZE, &old_limit) == 0);
  rlimit small = old_limit;
  small.rlim_cur = 64 * 1024;
  REQUIRE(setrlimit(RLIMIT_FSIZE, &small) == 0);
  std::vector<std::string> again = args;
  again.insert(again.end(), {"--seed", "2"});
  const Run r = run_nnfs(dir, again);
  REQUIRE(setrlimit(RLIMIT_FSIZE, &old_limit) == 0);

  INFO(describe(r));
  CHECK(r.code == 1);
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  CHECK_THAT(r.err, Catch::StartsWith("nnfs: " + out + ": cannot write temporary file"));
  CHECK_THAT(r.err, Catch::Contains("File too large"));
  CHECK(test::read_bytes(out) == old_bytes);
  for (const auto& entry : std::filesystem::directory_iterator(dir.path()))
    CHECK(entry.path().filename().string().find(".tmp-") == std::string::npos);
}
