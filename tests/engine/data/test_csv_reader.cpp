#include "engine/data/csv_reader.h"

#include <catch2/catch.hpp>
#include <filesystem>

#include "engine/data/data_file.h"

#include "data_test_util.h"

using namespace nnfs;
using namespace nnfs::test;
using Catch::Contains;

namespace {

// One CSV row: label (unless negative) then 784 pixels = (seed + j) % 256.
std::string row(int label, unsigned seed, const char* eol = "\n") {
  std::string s = label >= 0 ? std::to_string(label) : "";
  for (unsigned j = 0; j < kCsvPixels; ++j) {
    if (!s.empty()) s += ',';
    s += std::to_string((seed + j * 3) % 256);
  }
  return s + eol;
}

std::uint8_t pixel(unsigned seed, unsigned j) { return static_cast<std::uint8_t>((seed + j * 3) % 256); }

// A row with pixel j (0-based) replaced by `value` text.
std::string row_with(int label, unsigned j, const std::string& value) {
  std::string s = label >= 0 ? std::to_string(label) : "";
  for (unsigned k = 0; k < kCsvPixels; ++k) {
    if (!s.empty() || k > 0) s += ',';
    s += k == j ? value : "0";
  }
  return s + "\n";
}

std::string kaggle_header(bool labelled) {
  std::string s = labelled ? "label" : "";
  for (unsigned j = 0; j < kCsvPixels; ++j) s += (s.empty() ? "pixel" : ",pixel") + std::to_string(j);
  return s + "\n";
}

}  // namespace

TEST_CASE("read_mnist_csv reads labelled rows with or without a header", "[data]") {
  TempDir dir;
  for (bool header : {false, true}) {
    INFO("header " << header);
    const std::string text = (header ? kaggle_header(true) : "") + row(3, 0) + row(9, 100) + row(0, 7);
    const Dataset d = read_mnist_csv(dir.write_text("a.csv", text));
    REQUIRE(d.count == 3);
    CHECK(d.sample_shape == Shape{28, 28});
    CHECK(d.labels == std::vector<std::int32_t>{3, 9, 0});
    CHECK(d.class_names == digit_class_names());
    CHECK(d.pixels[0] == pixel(0, 0));
    CHECK(d.pixels[783] == pixel(0, 783));
    CHECK(d.pixels[784 + 5] == pixel(100, 5));
    CHECK(d.pixels[2 * 784 + 700] == pixel(7, 700));
  }
}

TEST_CASE("read_mnist_csv reads unlabelled rows", "[data]") {
  TempDir dir;
  for (bool header : {false, true}) {
    const std::string text = (header ? kaggle_header(false) : "") + row(-1, 1) + row(-1, 2);
    const Dataset d = read_mnist_csv(dir.write_text("u.csv", text));
    REQUIRE(d.count == 2);
    CHECK(d.labels.empty());
    CHECK_FALSE(d.labelled());
    CHECK(d.pixels[784 + 783] == pixel(2, 783));
  }
}

TEST_CASE("read_mnist_csv accepts CRLF, a BOM, no final newline, blank trailing lines", "[data]") {
  TempDir dir;
  const std::string crlf = kaggle_header(true).substr(0, kaggle_header(true).size() - 1) + "\r\n" +
                           row(1, 5, "\r\n") + row(2, 6, "\r\n");
  CHECK(read_mnist_csv(dir.write_text("crlf.csv", crlf)).count == 2);
  CHECK(read_mnist_csv(dir.write_text("bom.csv", "\xEF\xBB\xBF" + row(1, 5))).count == 1);
  const std::string last = row(4, 9, "");
  const Dataset d = read_mnist_csv(dir.write_text("nonl.csv", row(1, 5) + last));
  REQUIRE(d.count == 2);
  CHECK(d.pixels[784 + 783] == pixel(9, 783));
  CHECK(read_mnist_csv(dir.write_text("blank.csv", row(1, 5) + "\n\r\n  \n")).count == 1);
}

TEST_CASE("read_mnist_csv parses leading zeros and reads gzip", "[data]") {
  TempDir dir;
  const Dataset d = read_mnist_csv(dir.write_text("z.csv", row_with(7, 10, "0255") + row_with(7, 783, "007")));
  CHECK(d.pixels[10] == 255);
  CHECK(d.pixels[784 + 783] == 7);
  const std::string text = row(5, 3) + row(6, 4);
  const std::string gz = write_gzip(dir, "g.csv.gz", Bytes(text.begin(), text.end()));
  CHECK(read_mnist_csv(gz).labels == std::vector<std::int32_t>{5, 6});
}

TEST_CASE("write_mnist_csv then read_mnist_csv gives the same data", "[data]") {
  TempDir dir;
  Dataset d = tiny_images(25);
  d.pixels[0] = 255;
  d.pixels[1] = 0;
  d.pixels[783] = 10;
  for (const char* name : {"rt.csv", "rt.csv.gz"}) {
    const std::string path = dir.file(name);
    write_mnist_csv(d, path);
    const Dataset r = read_mnist_csv(path);
    CHECK(r.count == d.count);
    CHECK(r.pixels == d.pixels);
    CHECK(r.labels == d.labels);
  }
  const Bytes bytes = read_bytes(dir.file("rt.csv"));
  const std::string text(bytes.begin(), bytes.end());
  CHECK(text.rfind("label,1x1,1x2,", 0) == 0);
  CHECK(text.find(",28x28\n") != std::string::npos);

  d.labels.clear();
  write_mnist_csv(d, dir.file("u.csv"));
  const Bytes ubytes = read_bytes(dir.file("u.csv"));
  const std::string utext(ubytes.begin(), ubytes.end());
  CHECK(utext.rfind("1x1,1x2,", 0) == 0);
  const Dataset u = read_mnist_csv(dir.file("u.csv"));
  CHECK(u.labels.empty());
  CHECK(u.pixels == d.pixels);
}

TEST_CASE("write_mnist_csv refuses data it cannot represent", "[data]") {
  TempDir dir;
  Dataset d = tiny_images(2, 27, 28);
  CHECK_THAT(error_of([&] { write_mnist_csv(d, dir.file("a.csv")); }), Contains("28x28"));
  d = tiny_images(2);
  d.labels[1] = 10;
  CHECK_THAT(error_of([&] { write_mnist_csv(d, dir.file("a.csv")); }),
             Contains("label 10 of sample 1") && Contains("0-9"));
  CHECK_FALSE(std::filesystem::exists(dir.file("a.csv")));
}

TEST_CASE("read_mnist_csv errors name file, line and what was expected", "[data]") {
  TempDir dir;
  const std::string good = row(1, 0);
  struct Case {
    const char* name;
    std::string text;
    std::vector<std::string> expected;
  };
  std::string short_row = row(2, 0);
  short_row.erase(short_row.rfind(','));  // drop the last pixel
  short_row += "\n";
  const std::vector<Case> cases = {
      {"empty", "", {"line 1", "empty file"}},
      {"only-newlines", "\n\r\n\n", {"line 1", "empty file"}},
      {"short", good + good + short_row, {"line 3", "expected 785 values (label + 784 pixels), found 784"}},
      {"long", good + good.substr(0, good.size() - 1) + ",0,0\n", {"line 2", "expected 785 values", "found 787"}},
      {"trailing-comma", good + good.substr(0, good.size() - 1) + ",\n", {"line 2", "found 786"}},
      {"label-only", good + "3\n", {"line 2", "found 1"}},
      {"non-number", good + row_with(1, 4, "abc"), {"line 2", "value 6", "pixel value 0-255", "'abc'"}},
      {"float", row_with(1, 0, "3.5"), {"line 1", "value 2", "'3.5'"}},
      {"empty-field", row_with(1, 9, ""), {"line 1", "value 11", "an empty field"}},
      {"pixel-256", good + good + row_with(1, 0, "256"), {"line 3", "value 2", "0-255", "'256'"}},
      {"pixel-negative", row_with(1, 2, "-1"), {"value 4", "'-1'"}},
      {"pixel-huge", row_with(1, 2, "99999999999999999999"), {"value 4", "0-255"}},
      {"label-10", good + row_with(10, 0, "0"), {"line 2", "value 1", "label 0-9", "'10'"}},
      {"label-text", kaggle_header(true) + "cat" + good.substr(1), {"line 2", "label 0-9", "'cat'"}},
      {"mixed-widths", row(-1, 0) + row(3, 0), {"line 2", "expected 784 values (pixels, no label), found 785"}},
      {"header-vs-rows", kaggle_header(true) + row(-1, 0), {"line 2", "expected 785 values", "found 784"}},
      {"bad-header", "label,a,b\n" + good, {"line 1", "header of 785 columns", "found 3 columns"}},
      {"bad-first-row", "1,2,3\n", {"line 1", "expected 785 values (label + 784 pixels) or 784", "found 3"}},
      {"header-only", kaggle_header(true), {"line 2", "at least one row", "end of file"}},
      {"blank-in-middle", good + "\n" + good, {"line 2", "found an empty line"}},
      {"space", good + row_with(1, 3, " 4"), {"line 2", "' 4'"}},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    const std::string path = dir.write_text(std::string(c.name) + ".csv", c.text);
    const std::string msg = error_of([&] { read_mnist_csv(path); });
    CHECK_THAT(msg, Contains(path + ": line "));
    for (const std::string& e : c.expected) CHECK_THAT(msg, Contains(e));
  }
  const std::string missing = dir.file("missing.csv");
  CHECK_THAT(error_of([&] { read_mnist_csv(missing); }), Contains(missing) && Contains(": no such file"));
}
