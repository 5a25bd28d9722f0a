#include "engine/data/idx_reader.h"

#include <catch2/catch.hpp>

#include "data_test_util.h"
#include "engine/data/gzip_reader.h"

using namespace nnfs;
using namespace nnfs::test;
using Catch::Contains;

TEST_CASE("write_idx_images/labels then read_idx_dataset round-trips", "[data]") {
  TempDir dir;
  const Dataset d = tiny_images(7, 5, 3);
  for (const char* suffix : {"", ".gz"}) {
    const std::string images = dir.file(std::string("img.idx3") + suffix);
    const std::string labels = dir.file(std::string("lbl.idx1") + suffix);
    write_idx_images(images, d);
    write_idx_labels(labels, d);
    CHECK(has_gzip_magic(images) == (*suffix != 0));
    const Dataset r = read_idx_dataset(images, &labels);
    CHECK(r.count == 7);
    CHECK(r.sample_shape == Shape{5, 3});
    CHECK(r.pixels == d.pixels);
    CHECK(r.labels == d.labels);
    CHECK(r.class_names == digit_class_names());
    CHECK(r.source == images);

    const Dataset unlabelled = read_idx_dataset(images, nullptr);
    CHECK(unlabelled.labels.empty());
    CHECK(unlabelled.pixels == d.pixels);
  }
}

TEST_CASE("read_idx reads the exact bytes of raw and gzip files", "[data]") {
  TempDir dir;
  const Dataset d = tiny_images(3, 2, 2);
  const Bytes file = idx_bytes({3, 2, 2}, Bytes(d.pixels.begin(), d.pixels.end()));
  // Header layout checked byte by byte: magic 0x00000803, then big-endian dims.
  const std::string written = dir.file("w.idx");
  write_idx_images(written, d);
  CHECK(read_bytes(written) == file);

  const IdxArray raw = read_idx(dir.write_bytes("r.idx", file));
  CHECK(raw.dims == std::vector<std::uint32_t>{3, 2, 2});
  CHECK(raw.bytes == std::vector<std::uint8_t>(d.pixels.begin(), d.pixels.end()));
  const IdxArray gz = read_idx(write_gzip(dir, "g.idx.gz", file), 3);
  CHECK(gz.dims == raw.dims);
  CHECK(gz.bytes == raw.bytes);

  IdxArray any{{2, 3, 1, 2}, std::vector<std::uint8_t>(12, 9)};
  write_idx(dir.file("4d.idx"), any);
  CHECK(read_idx(dir.file("4d.idx")).dims == any.dims);
  any.bytes.pop_back();
  CHECK_THAT(error_of([&] { write_idx(dir.file("bad.idx"), any); }), Contains("do not match"));
}

TEST_CASE("read_idx rejects bad headers", "[data]") {
  TempDir dir;
  const Bytes data = counting_bytes(8);
  struct Case {
    const char* name;
    Bytes bytes;
    std::size_t rank;
    std::vector<const char*> expected;
  };
  const std::vector<Case> cases = {
      {"empty", {}, 3, {"byte 0", "expected the 4-byte IDX magic 0x00000803", "end of file"}},
      {"short-magic", {0, 0}, 3, {"byte 2", "end of file"}},
      {"png", {0x89, 'P', 'N', 'G', 0, 0, 0, 0}, 3, {"byte 0", "found 0x89504e47", "not an IDX file"}},
      {"float", idx_bytes({2, 2, 2}, data, 0x0D), 3, {"byte 2", "0x08 (unsigned byte)", "0x0d (float)"}},
      {"labels-as-images", idx_bytes({8}, data), 3, {"byte 3", "expected 3 dimension(s)", "found 1", "labels file?"}},
      {"images-as-labels", idx_bytes({2, 2, 2}, data), 1, {"byte 3", "expected 1 dimension(s)", "found 3"}},
      {"rank-0", {0, 0, 8, 0}, 0, {"byte 3", "at least 1 dimension"}},
      {"short-dims", {0, 0, 8, 3, 0, 0, 0, 2, 0, 0}, 3, {"byte 10", "3 dimension sizes (12 bytes)", "end of file"}},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    const std::string path = dir.write_bytes(c.name, c.bytes);
    const std::string msg = error_of([&] { read_idx(path, c.rank); });
    CHECK_THAT(msg, Contains(path));
    for (const char* e : c.expected) CHECK_THAT(msg, Contains(e));
    // The same through gzip, with the offset marked as decompressed.
    if (!c.bytes.empty()) {
      const std::string gz = write_gzip(dir, std::string(c.name) + ".gz", c.bytes);
      const std::string gmsg = error_of([&] { read_idx(gz, c.rank); });
      CHECK_THAT(gmsg, Contains(gz) && Contains("(decompressed)"));
      for (const char* e : c.expected) CHECK_THAT(gmsg, Contains(e));
    }
  }
}

TEST_CASE("read_idx checks the data size before allocating", "[data]") {
  TempDir dir;
  SECTION("truncated raw") {
    const std::string path = dir.write_bytes("t.idx", idx_bytes({3, 2, 2}, counting_bytes(11)));
    CHECK_THAT(error_of([&] { read_idx(path); }),
               Contains(path) && Contains("byte 16") && Contains("expected 12 data bytes (3x2x2)") &&
                   Contains("found only 11") && Contains("truncated"));
  }
  SECTION("trailing garbage raw") {
    const std::string path = dir.write_bytes("g.idx", idx_bytes({3, 2, 2}, counting_bytes(15)));
    CHECK_THAT(error_of([&] { read_idx(path); }),
               Contains("byte 28") && Contains("expected end of file") && Contains("3 trailing bytes"));
  }
  SECTION("huge claimed size in a tiny file") {
    const Bytes huge = idx_bytes({0xffffffffu, 0xffffffffu, 0xffffffffu}, counting_bytes(10));
    const std::string raw = dir.write_bytes("huge.idx", huge);
    CHECK_THAT(error_of([&] { read_idx(raw); }),
               Contains("byte 4") && Contains("4294967295x4294967295x4294967295"));
    const std::string gz = write_gzip(dir, "huge.idx.gz", huge);
    CHECK_THAT(error_of([&] { read_idx(gz); }), Contains(gz) && Contains("byte 4"));
  }
  SECTION("a gzip header claiming 1 GB with little data fails as truncated") {
    const std::string gz = write_gzip(dir, "big.idx.gz", idx_bytes({1u << 30}, counting_bytes(5000)));
    CHECK_THAT(error_of([&] { read_idx(gz); }),
               Contains("byte 5008 (decompressed)") && Contains("found only 5000") &&
                   Contains("truncated"));
  }
  SECTION("trailing data inside gzip") {
    const std::string gz = write_gzip(dir, "pad.idx.gz", idx_bytes({4}, counting_bytes(6)));
    CHECK_THAT(error_of([&] { read_idx(gz); }),
               Contains("byte 12 (decompressed)") && Contains("trailing bytes"));
  }
  SECTION("corrupt and truncated gzip") {
    const Bytes good = gzip_of(dir, idx_bytes({1000}, counting_bytes(1000, 7)));
    const std::string cut = dir.write_bytes("cut.idx.gz", Bytes(good.begin(), good.end() - 12));
    CHECK_THAT(error_of([&] { read_idx(cut); }), Contains(cut) && Contains("truncated"));
    Bytes bad = good;
    bad[bad.size() - 5] ^= 0x40;  // length field of the trailer
    const std::string badp = dir.write_bytes("bad.idx.gz", bad);
    CHECK_THAT(error_of([&] { read_idx(badp); }), Contains(badp) && Contains("corrupt gzip data"));
  }
  SECTION("missing file") {
    const std::string path = dir.file("absent.idx");
    CHECK_THAT(error_of([&] { read_idx(path); }), Contains(path) && Contains(": no such file"));
  }
}

TEST_CASE("read_idx_dataset validates images against labels", "[data]") {
  TempDir dir;
  const std::string images = dir.write_bytes("i", idx_bytes({4, 2, 2}, counting_bytes(16)));
  SECTION("label count") {
    const std::string labels = dir.write_bytes("l", idx_bytes({3}, {1, 2, 3}));
    CHECK_THAT(error_of([&] { read_idx_dataset(images, &labels); }),
               Contains(labels) && Contains("byte 4") && Contains("expected 4 labels") &&
                   Contains(images) && Contains("found 3"));
  }
  SECTION("label above 9") {
    const std::string labels = dir.write_bytes("l", idx_bytes({4}, {1, 2, 12, 3}));
    CHECK_THAT(error_of([&] { read_idx_dataset(images, &labels); }),
               Contains(labels) && Contains("byte 10") && Contains("expected a label 0-9") &&
                   Contains("found 12") && Contains("image 2"));
  }
  SECTION("no images or zero-sized images") {
    const std::string none = dir.write_bytes("n", idx_bytes({0, 28, 28}, {}));
    CHECK_THAT(error_of([&] { read_idx_dataset(none, nullptr); }),
               Contains(none) && Contains("at least one image"));
    const std::string flat = dir.write_bytes("f", idx_bytes({2, 0, 28}, {}));
    CHECK_THAT(error_of([&] { read_idx_dataset(flat, nullptr); }),
               Contains("byte 8") && Contains("non-zero image size"));
  }
  SECTION("labels passed as images") {
    const std::string labels = dir.write_bytes("l", idx_bytes({4}, {1, 2, 3, 4}));
    CHECK_THAT(error_of([&] { read_idx_dataset(labels, &images); }),
               Contains(labels) && Contains("byte 3"));
  }
  SECTION("writers refuse what IDX cannot hold") {
    Dataset d = tiny_images(2, 2, 2);
    d.labels[1] = 300;
    CHECK_THAT(error_of([&] { write_idx_labels(dir.file("x"), d); }), Contains("unsigned byte"));
    d.labels.clear();
    CHECK_THAT(error_of([&] { write_idx_labels(dir.file("x"), d); }), Contains("no labels"));
    d.sample_shape = {4};
    CHECK_THAT(error_of([&] { write_idx_images(dir.file("x"), d); }), Contains("[H, W]"));
  }
}
