#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "engine/core/error.h"
#include "engine/util/atomic_file.h"
#include "support/file_size_limit.h"
#include "support/temp_dir.h"

namespace fs = std::filesystem;
using nnfs::test::FileSizeLimit;
using nnfs::test::TempDir;

namespace {

std::vector<std::byte> bytes_of(const std::string& s) {
  std::vector<std::byte> out(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) out[i] = static_cast<std::byte>(s[i]);
  return out;
}

std::string text_of(const std::vector<std::byte>& b) {
  return std::string(reinterpret_cast<const char*>(b.data()), b.size());
}

std::string slurp(const std::string& path) { return text_of(nnfs::read_file(path)); }

std::size_t entries_in(const fs::path& dir) {
  return static_cast<std::size_t>(
      std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}

// The message of the nnfs::Error that f throws; fails the test if it throws nothing.
template <class F>
std::string error_from(F&& f) {
  try {
    f();
  } catch (const nnfs::Error& e) {
    return e.what();
  }
  FAIL("expected an nnfs::Error");
  return {};
}


}  // namespace

TEST_CASE("write_file_atomically writes the bytes and read_file reads them back", "[util]") {
  TempDir dir;
  const std::string path = dir.file("out.bin");
  std::string content;
  for (int i = 0; i < 100000; ++i) content += static_cast<char>(i * 7);
  nnfs::write_file_atomically(path, bytes_of(content));
  CHECK(slurp(path) == content);
  CHECK(entries_in(dir.path()) == 1);  // no temporary file left behind
}

TEST_CASE("write_file_atomically streams chunks from a writer callback", "[util]") {
  TempDir dir;
  const std::string path = dir.file("chunks.txt");
  nnfs::write_file_atomically(path, [](const nnfs::WriteChunk& write) {
    for (const char* part : {"alpha ", "", "beta ", "gamma"}) write(bytes_of(part));
  });
  CHECK(slurp(path) == "alpha beta gamma");
}

TEST_CASE("an empty file can be written and read", "[util]") {
  TempDir dir;
  const std::string path = dir.file("empty");
  nnfs::write_file_atomically(path, std::span<const std::byte>());
  CHECK(nnfs::read_file(path).empty());
}

TEST_CASE("a second write replaces the file and keeps its permissions", "[util]") {
  TempDir dir;
  const std::string path = dir.file("model.bin");
  nnfs::write_file_atomically(path, bytes_of("first version, rather long"));
  fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write);
  nnfs::write_file_atomically(path, bytes_of("second"));
  CHECK(slurp(path) == "second");
  CHECK(entries_in(dir.path()) == 1);
  CHECK(fs::status(path).permissions() == (fs::perms::owner_read | fs::perms::owner_write));
}

TEST_CASE("a writer that throws leaves the old file intact and no temporary file", "[util]") {
  TempDir dir;
  const std::string path = dir.file("keep.txt");
  nnfs::write_file_atomically(path, bytes_of("old contents"));
  auto failing_writer = [](const nnfs::WriteChunk& write) {
    write(bytes_of("half of the new "));
    throw nnfs::Error("simulated failure while producing data");
  };
  CHECK_THROWS_WITH(nnfs::write_file_atomically(path, failing_writer),
                    "simulated failure while producing data");
  CHECK(slurp(path) == "old contents");
  CHECK(entries_in(dir.path()) == 1);
}

TEST_CASE("a write that fails part-way (file too large, as on a full disk) changes nothing",
          "[util]") {
  TempDir dir;
  const std::string path = dir.file("big.bin");
  nnfs::write_file_atomically(path, bytes_of("old"));
  std::string message;
  {
    FileSizeLimit limit(4096);
    message =
        error_from([&] { nnfs::write_file_atomically(path, bytes_of(std::string(100000, 'x'))); });
  }
  CHECK_THAT(message, Catch::Contains(path));
  CHECK_THAT(message, Catch::Contains("cannot write temporary file"));
  CHECK_THAT(message, Catch::Contains("File too large"));
  CHECK(message.find('\n') == std::string::npos);
  CHECK(slurp(path) == "old");
  CHECK(entries_in(dir.path()) == 1);
}

TEST_CASE("writing where no file can be created fails with the path and the OS reason", "[util]") {
  TempDir dir;
  SECTION("the parent directory does not exist") {
    const std::string path = dir.file("missing/model.bin");
    const std::string message =
        error_from([&] { nnfs::write_file_atomically(path, bytes_of("x")); });
    CHECK_THAT(message, Catch::StartsWith(path + ": cannot create temporary file"));
    CHECK_THAT(message, Catch::EndsWith("No such file or directory"));
  }
  SECTION("the parent is a regular file") {
    const std::string blocker = dir.write_text("blocker", "not a directory");
    const std::string path = blocker + "/model.bin";
    const std::string message =
        error_from([&] { nnfs::write_file_atomically(path, bytes_of("x")); });
    CHECK_THAT(message, Catch::StartsWith(path + ": "));
    CHECK_THAT(message, Catch::EndsWith("Not a directory"));
    CHECK(slurp(blocker) == "not a directory");
  }
  SECTION("the target is a directory: the rename fails and the temporary file is removed") {
    fs::create_directory(dir.path() / "taken");
    const std::string path = dir.file("taken");
    const std::string message =
        error_from([&] { nnfs::write_file_atomically(path, bytes_of("x")); });
    CHECK_THAT(message, Catch::Contains("cannot rename temporary file"));
    CHECK_THAT(message, Catch::EndsWith("Is a directory"));
    CHECK(entries_in(dir.path()) == 1);
  }
}

TEST_CASE("writing into a read-only directory fails and leaves the old file intact", "[util]") {
  TempDir dir;
  const fs::path ro = dir.path() / "readonly";
  fs::create_directory(ro);
  const std::string path = (ro / "model.bin").string();
  nnfs::write_file_atomically(path, bytes_of("old model"));
  fs::permissions(ro, fs::perms::owner_read | fs::perms::owner_exec);

  // Root (CAP_DAC_OVERRIDE) ignores directory permissions, so there the read-only directory does
  // not stop the write. Then check the same promise with a write that must fail: a path whose
  // parent is the old file itself.
  const bool can_write_anyway = ::access(ro.c_str(), W_OK) == 0;
  const std::string failing_path = can_write_anyway ? path + "/inner.bin" : path;
  const std::string message =
      error_from([&] { nnfs::write_file_atomically(failing_path, bytes_of("new model")); });
  CHECK_THAT(message, Catch::StartsWith(failing_path + ": cannot create temporary file"));
  CHECK_THAT(message, Catch::EndsWith(can_write_anyway ? "Not a directory" : "Permission denied"));
  CHECK(message.find('\n') == std::string::npos);
  CHECK(slurp(path) == "old model");
  CHECK(entries_in(ro) == 1);
  fs::permissions(ro, fs::perms::owner_all);
}

TEST_CASE("concurrent writers to one path each replace the file whole", "[util][concurrency]") {
  TempDir dir;
  const std::string path = dir.file("shared.bin");
  const std::string a(50000, 'a'), b(70000, 'b');
  std::thread ta([&] {
    for (int i = 0; i < 20; ++i) nnfs::write_file_atomically(path, bytes_of(a));
  });
  std::thread tb([&] {
    for (int i = 0; i < 20; ++i) nnfs::write_file_atomically(path, bytes_of(b));
  });
  ta.join();
  tb.join();
  const std::string result = slurp(path);
  CHECK((result == a || result == b));
  CHECK(entries_in(dir.path()) == 1);
}

TEST_CASE("read_file reports missing, unreadable and oversized files", "[util]") {
  TempDir dir;
  SECTION("missing") {
    const std::string path = dir.file("nope.safetensors");
    CHECK_THROWS_WITH(nnfs::read_file(path), path + ": no such file");
  }
  SECTION("a directory") {
    CHECK_THROWS_WITH(nnfs::read_file(dir.path().string()),
                      dir.path().string() + ": is a directory, expected a file");
  }
  SECTION("larger than the cap: refused before reading") {
    const std::string path = dir.write_text("big", std::string(1000, 'z'));
    CHECK_THROWS_WITH(nnfs::read_file(path, 999),
                      path + ": file is 1000 bytes, more than the limit of 999 bytes");
    CHECK(nnfs::read_file(path, 1000).size() == 1000);
  }
  SECTION("not a regular file") {
    CHECK_THROWS_WITH(nnfs::read_file("/dev/null"), "/dev/null: is a character device, expected a regular file");
  }
}
