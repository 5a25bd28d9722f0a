#include "engine/data/data_file.h"

#include <catch2/catch.hpp>
#include <filesystem>

#include "data_test_util.h"

using namespace nnfs;
using namespace nnfs::test;

namespace {

bool padded_with_zeros(const FileBuffer& b) {
  for (std::size_t i = 0; i < kFileBufferPadding; ++i)
    if (b.data()[b.size() + i] != 0) return false;
  return true;
}

std::size_t files_in(const TempDir& dir) {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir.path())) ++n;
  return n;
}

}  // namespace

TEST_CASE("read_data_file returns the contents followed by zero padding", "[data]") {
  TempDir dir;
  // Sizes around a page boundary: the padding must also exist when the file fills whole pages.
  for (std::size_t size : {std::size_t{0}, std::size_t{1}, std::size_t{4095}, std::size_t{4096},
                           std::size_t{4090}, std::size_t{8192}}) {
    const Bytes content = counting_bytes(size, 200);  // no zero bytes except i % 200 == 0
    const FileBuffer b = read_data_file(dir.write_bytes("size" + std::to_string(size) + ".bin", content));
    REQUIRE(b.size() == size);
    CHECK(std::equal(content.begin(), content.end(), reinterpret_cast<const unsigned char*>(b.data())));
    CHECK(padded_with_zeros(b));
  }
}

TEST_CASE("read_data_file decompresses gzip transparently", "[data]") {
  TempDir dir;
  const Bytes content = counting_bytes(3 << 20, 239);  // grows past the first buffer guess
  const FileBuffer b = read_data_file(write_gzip(dir, "x.csv", content));  // no .gz name needed
  REQUIRE(b.size() == content.size());
  CHECK(std::equal(content.begin(), content.end(), reinterpret_cast<const unsigned char*>(b.data())));
  CHECK(padded_with_zeros(b));

  FileBuffer moved = read_data_file(write_gzip(dir, "y.gz", {'h', 'i'}));
  FileBuffer target = std::move(moved);
  CHECK(target.view() == "hi");
  CHECK(moved.size() == 0);  // NOLINT(bugprone-use-after-move): moved-from state is specified
}

TEST_CASE("read_data_file errors name the file", "[data]") {
  TempDir dir;
  const std::string missing = dir.file("nope.csv");
  CHECK_THAT(error_of([&] { read_data_file(missing); }),
             Catch::Contains(missing) && Catch::Contains("no such file"));
  const std::string folder = dir.path().string();
  CHECK_THAT(error_of([&] { read_data_file(folder); }), Catch::Contains(": is a directory, expected a file"));
  const std::string big = dir.write_bytes("big", counting_bytes(100));
  CHECK_THAT(error_of([&] { read_data_file(big, 99); }),
             Catch::Contains(big) && Catch::Contains("more than the limit"));
  const std::string bomb = write_gzip(dir, "bomb.gz", Bytes(5000, 0));
  CHECK_THAT(error_of([&] { read_data_file(bomb, 4999); }),
             Catch::Contains(bomb) && Catch::Contains("decompresses to more than 4999"));
  CHECK(read_data_file(bomb, 5000).size() == 5000);
}

TEST_CASE("OutputFile replaces the destination only on commit", "[data]") {
  TempDir dir;
  const std::string path = dir.write_text("out.txt", "old");
  {
    OutputFile out(path);
    out.write("new contents");
    // Not committed: the old file stays and the temporary file is removed.
  }
  CHECK(read_bytes(path) == Bytes{'o', 'l', 'd'});
  CHECK(files_in(dir) == 1);
  {
    OutputFile out(path);
    out.write("new ");
    out.write("contents");
    out.commit();
  }
  CHECK(read_data_file(path).view() == "new contents");
  CHECK(files_in(dir) == 1);
}

TEST_CASE("OutputFile writes gzip and reports unwritable paths", "[data]") {
  TempDir dir;
  const std::string path = dir.file("out.gz");
  OutputFile out(path, true);
  out.write("compressed?");
  out.commit();
  CHECK(read_bytes(path)[0] == 0x1f);
  CHECK(read_data_file(path).view() == "compressed?");

  const std::string bad = dir.file("no/such/dir/out.csv");
  CHECK_THAT(error_of([&] { OutputFile o(bad); }),
             Catch::Contains(bad) && Catch::Contains("cannot create temporary file"));
  CHECK(has_gz_suffix("a/b.idx.gz"));
  CHECK_FALSE(has_gz_suffix("a.gz/b"));
}
