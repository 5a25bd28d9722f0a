#include "engine/data/gzip_reader.h"

#include <catch2/catch.hpp>

#include "data_test_util.h"

using namespace nnfs;
using namespace nnfs::test;

namespace {

Bytes read_all(GzipReader& gz, std::size_t chunk) {
  Bytes out;
  Bytes buf(chunk);
  for (;;) {
    const std::size_t n = gz.read(buf.data(), chunk);
    out.insert(out.end(), buf.begin(), buf.begin() + static_cast<long>(n));
    if (n < chunk) {
      CHECK(gz.read(buf.data(), chunk) == 0);  // stays at the end
      return out;
    }
  }
}

// Reads until the end of the data (corrupt input may decode to more bytes than expected).
void drain(GzipReader& gz) {
  Bytes buf(4096);
  while (gz.read(buf.data(), buf.size()) > 0) {
  }
}

}  // namespace

TEST_CASE("GzipReader decompresses in chunks of any size", "[data]") {
  TempDir dir;
  const Bytes content = counting_bytes(300000, 251);
  const std::string path = write_gzip(dir, "c.gz", content);
  for (std::size_t chunk : {1u, 7u, 4096u, 1000000u}) {
    GzipReader gz(path);
    CHECK(read_all(gz, chunk) == content);
    CHECK(gz.decompressed_offset() == content.size());
  }
}

TEST_CASE("GzipReader handles empty content and concatenated members", "[data]") {
  TempDir dir;
  GzipReader empty(write_gzip(dir, "e.gz", {}));
  CHECK(read_all(empty, 16).empty());

  const Bytes a = counting_bytes(1000), b = counting_bytes(77, 5);
  const std::string both = dir.write_bytes("ab.gz", concat(gzip_of(dir, a), gzip_of(dir, b)));
  GzipReader gz(both);
  CHECK(read_all(gz, 64) == concat(a, b));
}

TEST_CASE("has_gzip_magic looks at the bytes, not the name", "[data]") {
  TempDir dir;
  CHECK(has_gzip_magic(write_gzip(dir, "z.bin", {1, 2, 3})));
  CHECK_FALSE(has_gzip_magic(dir.write_bytes("raw.gz", {0, 0, 8, 1})));
  CHECK_FALSE(has_gzip_magic(dir.write_bytes("short", {0x1f})));
  const std::string missing = dir.file("missing.gz");
  CHECK_THAT(error_of([&] { has_gzip_magic(missing); }),
             Catch::Contains(missing) && Catch::Contains(": no such file"));
}

TEST_CASE("GzipReader rejects truncated, corrupt and padded files", "[data]") {
  TempDir dir;
  const Bytes content = counting_bytes(50000, 253);
  const Bytes good = gzip_of(dir, content);

  SECTION("truncated") {
    const Bytes cut(good.begin(), good.end() - 20);
    const std::string path = dir.write_bytes("cut.gz", cut);
    GzipReader gz(path);
    CHECK_THAT(error_of([&] { drain(gz); }),
               Catch::Contains(path) && Catch::Contains("compressed byte") &&
                   Catch::Contains("truncated"));
  }
  SECTION("corrupt data or CRC") {
    Bytes bad = good;
    for (std::size_t i = good.size() / 2; i < good.size() / 2 + 8; ++i) bad[i] ^= 0x5a;
    const std::string path = dir.write_bytes("bad.gz", bad);
    GzipReader gz(path);
    CHECK_THAT(error_of([&] { drain(gz); }),
               Catch::Contains(path) && Catch::Contains("corrupt gzip data"));
  }
  SECTION("bad CRC only") {
    Bytes bad = good;
    bad[bad.size() - 6] ^= 0xff;  // inside the CRC-32 trailer
    const std::string path = dir.write_bytes("crc.gz", bad);
    GzipReader gz(path);
    CHECK_THAT(error_of([&] { drain(gz); }),
               Catch::Contains("incorrect data check"));
  }
  SECTION("trailing garbage") {
    const std::string path = dir.write_bytes("pad.gz", concat(good, {'x', 'y', 'z'}));
    GzipReader gz(path);
    CHECK_THAT(error_of([&] { drain(gz); }),
               Catch::Contains(path) && Catch::Contains("trailing garbage") &&
                   Catch::Contains("byte " + std::to_string(good.size())));
  }
  SECTION("not gzip at all") {
    const std::string path = dir.write_bytes("plain", counting_bytes(100));
    GzipReader gz(path);
    CHECK_THAT(error_of([&] { drain(gz); }),
               Catch::Contains("corrupt gzip data"));
  }
}
