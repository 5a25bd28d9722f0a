#include "engine/data/data_file.h"

#include <catch2/catch.hpp>
#include <filesystem>

#include "data_test_util.h"

using namespace nnfs;
using namespace nnfs::test;

namespace {

// Everything a DataFileStream yields, read in pieces of `chunk` bytes.
Bytes read_all(const std::string& path, std::uint64_t max_bytes = kMaxDataFileBytes, std::size_t chunk = 4096) {
  DataFileStream in(path, max_bytes);
  Bytes out;
  for (;;) {
    const std::size_t at = out.size();
    out.resize(at + chunk);
    const std::size_t n = in.read(out.data() + at, chunk);
    out.resize(at + n);
    if (n < chunk) return out;
  }
}

std::size_t files_in(const TempDir& dir) {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir.path())) ++n;
  return n;
}

}  // namespace

TEST_CASE("DataFileStream returns the contents of a raw file", "[data]") {
  TempDir dir;
  for (std::size_t size : {std::size_t{0}, std::size_t{1}, std::size_t{4095}, std::size_t{4096}, std::size_t{8193}}) {
    const Bytes content = counting_bytes(size, 200);
    const std::string path = dir.write_bytes("size" + std::to_string(size) + ".bin", content);
    CHECK(read_all(path) == content);
    DataFileStream in(path);
    CHECK_FALSE(in.gzip());
    CHECK(in.file_size() == size);
  }
}

TEST_CASE("DataFileStream decompresses gzip transparently", "[data]") {
  TempDir dir;
  const Bytes content = counting_bytes(3 << 20, 239);
  const std::string path = write_gzip(dir, "x.csv", content);  // no .gz name needed
  CHECK(read_all(path, kMaxDataFileBytes, 1 << 20) == content);
  CHECK(DataFileStream(path).gzip());
}

TEST_CASE("DataFileStream errors name the file", "[data]") {
  TempDir dir;
  const std::string missing = dir.file("nope.csv");
  CHECK_THAT(error_of([&] { DataFileStream in(missing); }),
             Catch::Contains(missing) && Catch::Contains(": no such file"));
  const std::string folder = dir.path().string();
  CHECK(error_of([&] { DataFileStream in(folder); }) == folder + ": is a directory, expected a file");
  const std::string big = dir.write_bytes("big", counting_bytes(100));
  CHECK(error_of([&] { DataFileStream in(big, 99); }) ==
        big + ": file is 100 bytes, more than the limit of 99 for a data file");
  const std::string bomb = write_gzip(dir, "bomb.gz", Bytes(5000, 0));
  CHECK(error_of([&] { read_all(bomb, 4999); }) ==
        bomb + ": decompresses to more than 4999 bytes, the limit for a data file");
  CHECK(read_all(bomb, 5000).size() == 5000);
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
  CHECK(read_all(path) == Bytes{'n', 'e', 'w', ' ', 'c', 'o', 'n', 't', 'e', 'n', 't', 's'});
  CHECK(files_in(dir) == 1);
}

TEST_CASE("OutputFile writes gzip and reports unwritable paths", "[data]") {
  TempDir dir;
  const std::string path = dir.file("out.gz");
  OutputFile out(path, true);
  out.write("compressed?");
  out.commit();
  CHECK(read_bytes(path)[0] == 0x1f);
  const Bytes text = read_all(path);
  CHECK(std::string(text.begin(), text.end()) == "compressed?");

  const std::string bad = dir.file("no/such/dir/out.csv");
  CHECK_THAT(error_of([&] { OutputFile o(bad); }),
             Catch::Contains(bad) && Catch::Contains("cannot create temporary file"));
  CHECK(has_gz_suffix("a/b.idx.gz"));
  CHECK_FALSE(has_gz_suffix("a.gz/b"));
}
