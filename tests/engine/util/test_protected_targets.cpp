// write_file_atomically never replaces a file the user protected, and check_writable refuses a
// read-only directory too. The mode bits are read by the engine, so root (who ignores them when
// writing) gets the same refusals as any user: these tests hold for both.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <span>
#include <string>

#include "engine/util/atomic_file.h"
#include "support/fixtures.h"
#include "support/process.h"
#include "support/temp_dir.h"

using nnfs::test::error_message;
using nnfs::test::slurp;
using nnfs::test::TempDir;
namespace fs = std::filesystem;

namespace {

std::span<const std::byte> bytes_of(const std::string& s) { return std::as_bytes(std::span(s)); }

}  // namespace

TEST_CASE("a read-only file is never replaced, also by root", "[util]") {
  TempDir dir;
  const std::string path = dir.file("kept.bin");
  const std::string new_text = "new";
  std::ofstream(path) << "old";
  fs::permissions(path, fs::perms::owner_read | fs::perms::group_read);
  const std::string expected = path + ": is read-only (mode 0440); make it writable (chmod u+w) or choose another file";
  CHECK(error_message([&] { nnfs::write_file_atomically(path, bytes_of(new_text)); }) == expected);
  CHECK(error_message([&] { nnfs::check_writable(path); }) == expected);
  CHECK(slurp(path) == "old");
  CHECK(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()) == 1);
  fs::permissions(path, fs::perms::owner_write, fs::perm_options::add);
  nnfs::write_file_atomically(path, bytes_of(new_text));
  CHECK(slurp(path) == "new");
}

TEST_CASE("check_writable refuses a target in a read-only directory, also for root", "[util]") {
  TempDir dir;
  const fs::path ro = dir.path() / "ro";
  fs::create_directory(ro);
  fs::permissions(ro, fs::perms::owner_read | fs::perms::owner_exec);
  const std::string path = (ro / "m.bin").string();
  CHECK(error_message([&] { nnfs::check_writable(path); }) ==
        path + ": its directory '" + ro.string() +
            "' is read-only (mode 0500); make it writable (chmod u+w) or choose another directory");
  CHECK(fs::is_empty(ro));
  fs::permissions(ro, fs::perms::owner_all);
}
