// Shared by the CLI tests of the files a command reads and writes (special files, outputs that
// are inputs, protected targets, folder entries, limits): a temporary directory with small
// MNIST-shaped data as IDX and CSV, a trained model, and the checks of a refused command.
#pragma once

#include <sys/stat.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "engine/data/csv_reader.h"
#include "engine/data/idx_reader.h"
#include "support/fixtures.h"
#include "support/process.h"
#include "support/temp_dir.h"

namespace nnfs::test {

// Commands refused at their start end within seconds; a hang fails the test after this.
inline constexpr int kRefusalTimeoutSeconds = 120;

struct FilesFixture {
  TempDir dir;
  std::string mnist = dir.file("mnist");
  std::string train_csv = dir.file("train.csv");
  std::string test_csv = dir.file("test.csv");
  std::string model = dir.file("m.safetensors");

  FilesFixture() {
    const Dataset train = digit_patterns(200, 1), test = digit_patterns(50, 2);
    std::filesystem::create_directory(mnist);
    write_idx_images(mnist + "/train-images-idx3-ubyte", train);
    write_idx_labels(mnist + "/train-labels-idx1-ubyte", train);
    write_idx_images(mnist + "/t10k-images-idx3-ubyte", test);
    write_idx_labels(mnist + "/t10k-labels-idx1-ubyte", test);
    write_mnist_csv(train, train_csv);
    write_mnist_csv(test, test_csv);
    const Run r = run({"train", "--data", mnist, "--epochs", "1", "--threads", "1", "--out", model});
    INFO(describe(r));
    REQUIRE(r.code == 0);
  }

  Run run(const std::vector<std::string>& args, int timeout = kDefaultTimeoutSeconds) const {
    return run_program(NNFS_CLI_PATH, dir, args, "", SIGINT, timeout);
  }
  // A command that must be refused at its start.
  Run refused(const std::vector<std::string>& args) const { return run(args, kRefusalTimeoutSeconds); }

  std::string fifo(const std::string& name) const {
    const std::string path = dir.file(name);
    REQUIRE(::mkfifo(path.c_str(), 0644) == 0);
    return path;
  }
};

// Exit `code` with exactly one line on stderr, "nnfs: ...", containing each of `mentions`.
inline void check_refusal(const Run& r, int code, const std::vector<std::string>& mentions) {
  INFO(describe(r));
  CHECK_FALSE(r.timed_out);
  CHECK(r.code == code);
  REQUIRE(!r.err.empty());
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  CHECK_THAT(r.err, Catch::StartsWith("nnfs: "));
  CHECK_THAT(r.err, !Catch::Contains("internal error"));
  for (const auto& m : mentions) CHECK_THAT(r.err, Catch::Contains(m));
}

}  // namespace nnfs::test
