// Whole-number options say their limits as integers (CLI11's PositiveNumber printed a double's
// 309 digits: "Value 0 not in range 0.000000 to 179769313486231570814527423731704356...").
#include <catch2/catch.hpp>
#include <string>

#include "support/process.h"
#include "support/temp_dir.h"

using nnfs::test::TempDir;

TEST_CASE("cli: a whole-number option below its minimum names the real limit", "[cli]") {
  TempDir dir;
  for (const auto& [value, shown] : {std::pair<std::string, std::string>{"0", "0"}, {"-3", "-3"}, {"1.5", "1.5"},
                                     {"abc", "abc"}, {std::string(60, '9'), std::string(40, '9') + "..."}}) {
    INFO(value);
    const nnfs::test::Run r = nnfs::test::run_program(NNFS_CLI_PATH, dir, {"demo", "--epochs", value});
    CHECK(r.code == 2);
    CHECK_THAT(r.err, Catch::StartsWith("--epochs: must be a whole number of at least 1, found " + shown + "\n"));
  }
}
