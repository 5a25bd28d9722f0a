// Saving a model when things go wrong: a full disk (RLIMIT_FSIZE), a directory that cannot be
// written, and a process killed in the middle of a save. The file on disk is always the old
// model or the new one, complete, never a mixture or a truncated file.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <thread>

#include "engine/model/model_file.h"
#include "engine/util/atomic_file.h"
#include "support/fixtures.h"
#include "support/file_size_limit.h"
#include "support/temp_dir.h"

using namespace nnfs;
using nnfs::test::FileSizeLimit;
using nnfs::test::TempDir;
namespace fs = std::filesystem;

namespace {

std::vector<float> weights(const Model& m) {
  const auto v = m.net.params().values();
  return {v.begin(), v.end()};
}

// A model of about 1.2 MB (so that a save takes several write calls) with weights from `seed`.
Model big_model(std::uint64_t seed) { return test::small_classifier({784}, 384, 10, seed); }

// Files in `dir` other than `keep`: leftover temporary files.
std::vector<std::string> others_in(const fs::path& dir, const std::string& keep) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().filename() != keep) out.push_back(e.path().filename().string());
  return out;
}

}  // namespace

TEST_CASE("save_model on a full disk fails cleanly and keeps the old model", "[model][faults]") {
  TempDir dir;
  const std::string path = dir.file("model.safetensors");
  const Model old_model = big_model(1);
  save_model(path, old_model);
  std::string message;
  {
    FileSizeLimit limit(64 * 1024);
    message = test::error_message([&] { save_model(path, big_model(2)); });
  }
  CHECK_THAT(message, Catch::StartsWith(path + ": cannot write temporary file"));
  CHECK_THAT(message, Catch::EndsWith("File too large"));
  CHECK(test::same_bits(weights(load_model(path)), weights(old_model)));
  CHECK(others_in(dir.path(), "model.safetensors").empty());
}

TEST_CASE("save_model where no file can be written fails and changes nothing", "[model][faults]") {
  TempDir dir;
  const std::string old_path = dir.file("old.safetensors");
  const Model old_model = big_model(3);
  save_model(old_path, old_model);
  SECTION("a directory that does not exist") {
    const std::string path = dir.file("no-such-dir/model.safetensors");
    CHECK_THAT(test::error_message([&] { save_model(path, old_model); }),
               Catch::StartsWith(path + ": cannot create temporary file") && Catch::EndsWith("No such file or directory"));
  }
  SECTION("a directory that is a file (read-only for root too)") {
    const std::string path = old_path + "/model.safetensors";
    CHECK_THAT(test::error_message([&] { save_model(path, old_model); }), Catch::EndsWith("Not a directory"));
  }
  SECTION("a read-only directory (for non-root users; root writes anyway)") {
    const fs::path ro = dir.path() / "ro";
    fs::create_directory(ro);
    const std::string path = (ro / "m.safetensors").string();
    save_model(path, old_model);
    fs::permissions(ro, fs::perms::owner_read | fs::perms::owner_exec);
    if (::access(ro.c_str(), W_OK) != 0) {
      CHECK_THAT(test::error_message([&] { save_model(path, big_model(4)); }), Catch::EndsWith("Permission denied"));
      CHECK(test::same_bits(weights(load_model(path)), weights(old_model)));
    }
    fs::permissions(ro, fs::perms::owner_all);
  }
  SECTION("a read-only file system (sysfs refuses new files, also to root)") {
    if (fs::is_directory("/sys/kernel")) {
      const std::string path = "/sys/kernel/nnfs-test.safetensors";
      CHECK_THAT(test::error_message([&] { save_model(path, old_model); }),
                 Catch::StartsWith(path + ": cannot create temporary file"));
      CHECK_FALSE(fs::exists(path));
    }
  }
  SECTION("check_writable finds the same problems before any work is done") {
    CHECK_THAT(test::error_message([&] { check_writable(old_path + "/x"); }), Catch::EndsWith("Not a directory"));
    CHECK_THAT(test::error_message([&] { check_writable(dir.path().string()); }), Catch::Contains("is a directory"));
    CHECK_NOTHROW(check_writable(old_path));
  }
  CHECK(test::same_bits(weights(load_model(old_path)), weights(old_model)));
  CHECK(others_in(dir.path(), "old.safetensors").size() <= 1);  // the ro directory
}

TEST_CASE("a process killed while saving leaves the old model or the new one, never a partial file",
          "[model][faults]") {
  TempDir dir;
  const std::string path = dir.file("model.safetensors");
  const Model a = big_model(5), b = big_model(6);
  save_model(path, a);
  const std::vector<float> wa = weights(a), wb = weights(b);
  std::size_t saw_a = 0, saw_b = 0;
  for (int round = 0; round < 12; ++round) {
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {  // saves B and A alternately until killed
      for (int i = 0;; ++i) {
        try {
          save_model(path, i % 2 == 0 ? b : a);
        } catch (...) {
          ::_exit(3);
        }
      }
    }
    // Kill it at a different point of a save each round (a save takes a few milliseconds).
    std::this_thread::sleep_for(std::chrono::microseconds(3000 + 1700 * round));
    ::kill(child, SIGKILL);
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    REQUIRE(WIFSIGNALED(status));
    const std::vector<float> w = weights(load_model(path));  // complete and valid, or this throws
    const bool is_a = test::same_bits(w, wa), is_b = test::same_bits(w, wb);
    CHECK((is_a || is_b));
    saw_a += is_a;
    saw_b += is_b;
    // A killed writer leaves its temporary file; they never take the model's name.
    for (const auto& name : others_in(dir.path(), "model.safetensors"))
      CHECK_THAT(name, Catch::StartsWith("model.safetensors.tmp-"));
  }
  CHECK(saw_a + saw_b == 12);
}
