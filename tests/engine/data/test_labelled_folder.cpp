// Labelled folders (labels.csv + images), stratified_split and the batch mixing of extra samples.
#include <catch2/catch.hpp>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "data_test_util.h"
#include "engine/data/labelled_folder.h"
#include "engine/data/png_writer.h"
#include "engine/data/stratified_split.h"
#include "engine/train/extra_data.h"
#include "engine/train/extra_mix.h"
#include "support/temp_dir.h"

namespace {

using nnfs::test::error_of;
using nnfs::test::TempDir;

// A folder with a dark-on-white "1" and a bright-on-black "1" (both orientations a canvas or a
// scan may have).
std::string folder(const TempDir& tmp, const std::string& labels) {
  const std::string dir = tmp.file("f");
  std::filesystem::create_directories(dir);
  nnfs::GrayImage light{100, 100, std::vector<std::uint8_t>(100 * 100, 255)};
  nnfs::GrayImage dark{100, 100, std::vector<std::uint8_t>(100 * 100, 0)};
  for (std::size_t y = 20; y < 80; ++y)
    for (std::size_t x = 45; x < 53; ++x) {
      light.pixels[y * 100 + x] = 0;
      dark.pixels[y * 100 + x] = 255;
    }
  nnfs::write_png(light, dir + "/a.png");
  nnfs::write_png(dark, dir + "/b.png");
  nnfs::write_png(nnfs::GrayImage{10, 10, std::vector<std::uint8_t>(100, 0)}, dir + "/blank.png");
  std::ofstream(dir + "/labels.csv", std::ios::binary) << labels;
  return dir;
}

}  // namespace

TEST_CASE("labelled folder: images are prepared like canvas drawings", "[data][labelled_folder]") {
  TempDir tmp;
  const std::string dir = folder(tmp, "file,label\r\na.png,1\nb.png,7\n\n");
  const nnfs::Dataset d = nnfs::read_labelled_folder(dir);
  REQUIRE(d.count == 2);
  CHECK(d.labels == std::vector<std::int32_t>{1, 7});
  CHECK(d.sample_shape == nnfs::Shape{28, 28});
  // Both orientations give the same bright-on-black view.
  CHECK(std::equal(d.pixels.begin(), d.pixels.begin() + 784, d.pixels.begin() + 784));
  CHECK(nnfs::read_labelled_samples(dir).count == 2);
}

TEST_CASE("labelled folder: every bad entry is a one-line error naming file and line", "[data][labelled_folder]") {
  TempDir tmp;
  const std::string labels = tmp.file("f") + "/labels.csv";
  auto err = [&](const std::string& text) {
    const std::string dir = folder(tmp, text);
    return error_of([&] { nnfs::read_labelled_folder(dir); });
  };
  CHECK(err("name,digit\n") == labels + ": line 1: expected the header 'file,label'");
  CHECK(err("") == labels + ": is empty, expected the header 'file,label'");
  CHECK(err("file,label\na.png,x\n") == labels + ": line 2: label 'x' is not 0-9");
  CHECK(err("file,label\na.png,12\n") == labels + ": line 2: label '12' is not 0-9");
  CHECK(err("file,label\na.png\n") == labels + ": line 2: expected 'file,label', found 'a.png'");
  CHECK(err("file,label\n../a.png,1\n") == labels + ": line 2: '../a.png' is not a file name in the folder");
  CHECK(err("file,label\nnone.png,1\n") == labels + ": line 2: 'none.png' does not exist");
  CHECK(err("file,label\nblank.png,1\n") == tmp.file("f") + "/blank.png: holds no ink (blank image)");
  CHECK(err("file,label\nlabels.csv,1\n").rfind(labels + ": line 2: ", 0) == 0);
  CHECK(err(std::string("file,label\na\0b,1\n", 17)) == labels + ": line 2: a NUL byte, expected text (not a CSV file?)");
  // A name longer than the system allows (found by fuzz_labels_csv): the line's error, not a
  // std::filesystem exception.
  CHECK(err("file,label\n" + std::string(300, 'x') + ",1\n") ==
        labels + ": line 2: '" + std::string(80, 'x') + "': File name too long");
  CHECK(error_of([&] { nnfs::read_labelled_samples(tmp.file(std::string(5000, 'y'))); }).find("File name too long") !=
        std::string::npos);
  std::filesystem::remove(labels);
  CHECK(error_of([&] { nnfs::read_labelled_folder(tmp.file("f")); }) ==
        tmp.file("f") + ": no labels.csv (expected 'file,label' lines beside the images)");
}

TEST_CASE("stratified split: the same share of every class, deterministic", "[data][labelled_folder]") {
  const nnfs::Dataset d = nnfs::test::tiny_images(100);  // 10 per class
  const nnfs::TrainValidation a = nnfs::stratified_split(d, 0.2, 5), b = nnfs::stratified_split(d, 0.2, 5);
  CHECK(a.train.count == 80);
  CHECK(a.validation.count == 20);
  for (int c = 0; c < 10; ++c) CHECK(std::count(a.validation.labels.begin(), a.validation.labels.end(), c) == 2);
  CHECK(a.validation.pixels == b.validation.pixels);
  CHECK(nnfs::stratified_split(d, 0.2, 6).validation.pixels != a.validation.pixels);
  CHECK(error_of([&] { nnfs::stratified_split(d, 1.0, 1); }) == "hold-out fraction must be in [0, 1), got 1.000000");
}

TEST_CASE("extra mixing: every batch holds k extra samples and every main sample once", "[data][labelled_folder]") {
  CHECK(nnfs::extra_per_batch(128, 0.25) == 32);
  CHECK(nnfs::extra_per_batch(4, 0.01) == 1);
  CHECK(nnfs::extra_per_batch(4, 0.99) == 3);
  std::vector<std::size_t> main(10), order, again;
  for (std::size_t i = 0; i < 10; ++i) main[i] = 9 - i;
  nnfs::mixed_order(order, main, 3, 4, 1, 7, 1);
  REQUIRE(order.size() == 10 + 4);  // 4 steps of 3 main + 1 extra (the last: 1 main + 1 extra)
  std::multiset<std::size_t> mains;
  for (std::size_t s = 0; s < order.size(); ++s) {
    const bool extra_place = s % 4 == 3 || s == order.size() - 1;
    CHECK((order[s] >= 10) == extra_place);
    if (order[s] < 10) mains.insert(order[s]);
  }
  CHECK(mains.size() == 10);
  CHECK(std::set<std::size_t>(mains.begin(), mains.end()).size() == 10);
  nnfs::mixed_order(again, main, 3, 4, 1, 7, 1);
  CHECK(again == order);
}
