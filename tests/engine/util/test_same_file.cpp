// same_file compares files, not spellings: ./x, dir/../x, symbolic and hard links of x are x; a
// path that does not exist yet is the file it would create.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "engine/util/same_file.h"
#include "support/temp_dir.h"

using nnfs::same_file;
using nnfs::test::TempDir;
namespace fs = std::filesystem;

TEST_CASE("same_file: every spelling of one existing file is that file", "[util]") {
  TempDir dir;
  const std::string x = dir.file("x"), y = dir.file("y");
  std::ofstream(x) << "x";
  std::ofstream(y) << "x";  // same contents, another file
  fs::create_directory(dir.file("sub"));
  fs::create_symlink(x, dir.file("link"));
  fs::create_symlink("link", dir.file("link2"));  // a link to a link
  fs::create_hard_link(x, dir.file("hard"));
  for (const std::string& other : {x, dir.file("./x"), dir.file("sub/../x"), dir.file("link"), dir.file("link2"),
                                   dir.file("hard")}) {
    INFO(other);
    CHECK(same_file(x, other));
    CHECK(same_file(other, x));
  }
  CHECK_FALSE(same_file(x, y));
  CHECK_FALSE(same_file(x, dir.path().string()));
}

TEST_CASE("same_file: a path that does not exist is its directory and name", "[util]") {
  TempDir dir;
  fs::create_directory(dir.file("sub"));
  const std::string n = dir.file("new");
  CHECK(same_file(n, dir.file("./new")));
  CHECK(same_file(n, dir.file("sub/../new")));
  CHECK_FALSE(same_file(n, dir.file("other")));
  CHECK_FALSE(same_file(n, dir.file("sub/new")));
  // A dangling link is replaced, not followed, by an atomic write: it is its own name.
  fs::create_symlink(dir.file("nowhere"), dir.file("dangling"));
  CHECK(same_file(dir.file("dangling"), dir.file("./dangling")));
  CHECK_FALSE(same_file(dir.file("dangling"), dir.file("nowhere")));
}

TEST_CASE("same_file: relative and absolute spellings agree, and empty or unresolvable paths are never the same",
          "[util]") {
  TempDir dir;
  std::ofstream(dir.file("x")) << "x";
  const fs::path before = fs::current_path();
  fs::current_path(dir.path());
  CHECK(same_file("x", dir.file("x")));
  CHECK(same_file("./new", "new"));
  fs::current_path(before);
  CHECK_FALSE(same_file("", ""));
  CHECK_FALSE(same_file(dir.file("missing/a"), dir.file("missing/a")));
}
