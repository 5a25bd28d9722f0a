// My digits (engine/data/digit_store.h): adding, reopening, relabel/remove/restore, export and
// import, and every kind of damage opening with the good samples and a one-line note.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>

#include "data_test_util.h"
#include "engine/data/csv_reader.h"
#include "engine/data/digit_store.h"
#include "support/temp_dir.h"

namespace {

using nnfs::DigitStore;
using nnfs::GrayImage;
using nnfs::NewDigit;
using nnfs::test::error_of;
using nnfs::test::TempDir;

// A 560x560 canvas raster with a vertical bar (a "1") offset by `shift` pixels.
GrayImage bar_drawing(std::size_t shift = 0) {
  GrayImage g{560, 560, std::vector<std::uint8_t>(560 * 560, 0)};
  for (std::size_t y = 100; y < 460; ++y)
    for (std::size_t x = 250 + shift; x < 280 + shift; ++x) g.pixels[y * 560 + x] = 255;
  return g;
}

NewDigit digit(int label, std::size_t shift = 0) { return NewDigit{bar_drawing(shift), label, 1700000000, 1, 0.5f}; }

std::string index_text(const std::string& dir) {
  std::ifstream in(dir + "/index.txt", std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

void write_index(const std::string& dir, const std::string& text) {
  std::ofstream(dir + "/index.txt", std::ios::binary | std::ios::trunc) << text;
}

std::string store_with_three(const TempDir& tmp) {
  const std::string dir = tmp.file("my-digits");
  DigitStore store(dir);
  store.add(digit(1));
  store.add(digit(7, 10));
  store.add(digit(4, 20));
  return dir;
}

}  // namespace

TEST_CASE("digit store: added samples are there after reopening, with their record", "[data][digit_store]") {
  TempDir tmp;
  const std::string dir = store_with_three(tmp);
  DigitStore again(dir);
  CHECK(again.skipped_note().empty());
  REQUIRE(again.samples().size() == 3);
  CHECK(again.samples()[1].label == 7);
  CHECK(again.samples()[1].predicted == 1);
  CHECK(again.samples()[1].confidence == Approx(0.5f));
  CHECK(again.samples()[1].time == 1700000000);
  CHECK(std::filesystem::exists(dir + "/" + again.samples()[1].file));
  CHECK(again.counts()[7] == 1);
  const nnfs::Dataset data = again.dataset();
  CHECK(data.count == 3);
  CHECK(data.labels == std::vector<std::int32_t>{1, 7, 4});
}

TEST_CASE("digit store: relabel, remove and restore are kept and undoable", "[data][digit_store]") {
  TempDir tmp;
  const std::string dir = store_with_three(tmp);
  {
    DigitStore store(dir);
    const std::uint64_t id = store.samples()[0].id;
    store.relabel(id, 2);
    store.remove(store.samples()[1].id);
    CHECK(store.samples().size() == 2);
    CHECK(error_of([&] { store.relabel(999, 1); }) == "My digits: no sample 999");
    CHECK(error_of([&] { store.relabel(id, 10); }) == "label 10 is not 0-9");
  }
  DigitStore store(dir);
  REQUIRE(store.samples().size() == 2);
  CHECK(store.samples()[0].label == 2);
  store.restore(2);
  REQUIRE(store.samples().size() == 3);
  CHECK(store.samples()[1].id == 2);  // back in its place
  CHECK(error_of([&] { store.restore(2); }) == "My digits: sample 2 is not removed");
  CHECK(DigitStore(dir).samples().size() == 3);
}

TEST_CASE("digit store: a blank drawing or a bad label is refused", "[data][digit_store]") {
  TempDir tmp;
  DigitStore store(tmp.file("s"));
  NewDigit blank{GrayImage{560, 560, std::vector<std::uint8_t>(560 * 560, 0)}, 3, 0, -1, 0.0f};
  CHECK(error_of([&] { store.add(blank); }) == "the drawing holds no ink");
  CHECK(error_of([&] { store.add(digit(12)); }) == "label 12 is not 0-9");
  CHECK(index_text(tmp.file("s")) == "nnfs-my-digits 1\n");
}

TEST_CASE("digit store: a torn last line is skipped, and the next add starts a clean line", "[data][digit_store]") {
  TempDir tmp;
  const std::string dir = store_with_three(tmp);
  const std::string text = index_text(dir);
  write_index(dir, text.substr(0, text.size() - 100));  // a kill -9 during the last append
  {
    DigitStore store(dir);
    CHECK(store.samples().size() == 2);
    CHECK(store.skipped_note() == dir + "/index.txt: skipped 1 of 3 records (line 4: torn last line)");
    store.add(digit(9));
  }
  DigitStore store(dir);
  CHECK(store.skipped_note().empty());
  REQUIRE(store.samples().size() == 3);
  CHECK(store.samples()[2].label == 9);
}

TEST_CASE("digit store: a missing or corrupt PNG skips that sample only", "[data][digit_store]") {
  TempDir tmp;
  const std::string dir = store_with_three(tmp);
  std::filesystem::remove(dir + "/2.png");
  std::ofstream(dir + "/3.png", std::ios::binary | std::ios::trunc) << "\x89PNG\r\n\x1a\n broken";
  DigitStore store(dir);
  REQUIRE(store.samples().size() == 1);
  CHECK(store.samples()[0].label == 1);
  const std::string note = store.skipped_note();
  CHECK(note.find("skipped 2 of 3 records (line 3: ") != std::string::npos);
  CHECK(note.find("2.png") != std::string::npos);
  CHECK(note.find("line 4: ") != std::string::npos);
  CHECK(note.find('\n') == std::string::npos);
}

TEST_CASE("digit store: malformed records are skipped with their reasons", "[data][digit_store]") {
  TempDir tmp;
  const std::string dir = store_with_three(tmp);
  std::string text = index_text(dir);
  text += "relabel 1 12\nremove 77\nfrobnicate 1\nadd 9 9.png x\n";
  write_index(dir, text);
  DigitStore store(dir);
  CHECK(store.samples().size() == 3);
  CHECK(store.skipped_note() ==
        dir + "/index.txt: skipped 4 of 7 records (line 5: label 12 is not 0-9; line 6: no sample 77; line 7: "
              "unknown record 'frobnicate' (add, relabel, remove or restore expected); ...)");
}

TEST_CASE("digit store: an unknown version opens empty and read-only", "[data][digit_store]") {
  TempDir tmp;
  const std::string dir = store_with_three(tmp);
  write_index(dir, "nnfs-my-digits 2\nwhatever\n");
  DigitStore store(dir);
  CHECK(store.samples().empty());
  CHECK(store.read_only());
  CHECK(store.skipped_note() == dir + "/index.txt: not a My-digits index of version 1 (first line 'nnfs-my-digits 2'); "
                                      "opened empty and read-only");
  CHECK(error_of([&] { store.add(digit(1)); }).find("the store is read-only") != std::string::npos);
  CHECK(index_text(dir) == "nnfs-my-digits 2\nwhatever\n");
}

TEST_CASE("digit store: exported CSV and folder re-import to the same samples", "[data][digit_store]") {
  TempDir tmp;
  const std::string dir = store_with_three(tmp);
  const DigitStore store(dir);
  store.export_csv(tmp.file("mine.csv"));
  store.export_folder(tmp.file("mine"));
  const nnfs::Dataset original = store.dataset();
  const nnfs::Dataset csv = nnfs::read_mnist_csv(tmp.file("mine.csv"));
  CHECK(csv.pixels == original.pixels);
  CHECK(csv.labels == original.labels);
  DigitStore from_csv(tmp.file("from-csv"));
  CHECK(from_csv.import(tmp.file("mine.csv")) == 3);
  CHECK(from_csv.dataset().pixels == original.pixels);
  CHECK(from_csv.dataset().labels == original.labels);
  DigitStore from_folder(tmp.file("from-folder"));
  CHECK(from_folder.import(tmp.file("mine")) == 3);
  CHECK(from_folder.dataset().pixels == original.pixels);
  CHECK(DigitStore(tmp.file("from-folder")).samples().size() == 3);
}

TEST_CASE("digit store: a bad import file adds nothing and names file and line", "[data][digit_store]") {
  TempDir tmp;
  DigitStore store(tmp.file("s"));
  const std::string bad = tmp.write_text("bad.csv", "3,4\n");
  CHECK(error_of([&] { store.import(bad); }).rfind(bad + ": line 1: ", 0) == 0);
  CHECK(store.samples().empty());
}

TEST_CASE("digit store: the default directory follows XDG_DATA_HOME", "[data][digit_store]") {
  const char* old = std::getenv("XDG_DATA_HOME");
  const std::string saved = old ? old : "";
  ::setenv("XDG_DATA_HOME", "/tmp/xdg-test", 1);
  CHECK(DigitStore::default_directory() == "/tmp/xdg-test/nnfs-studio/my-digits");
  if (old) ::setenv("XDG_DATA_HOME", saved.c_str(), 1);
  else ::unsetenv("XDG_DATA_HOME");
}
