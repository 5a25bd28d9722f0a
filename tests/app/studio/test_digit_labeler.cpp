// Labelling drawings on the draw tab: which key gives which label, what is saved, how the counts
// move, and what a failing store or a bad drawing does (nothing is counted).
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include <catch2/catch.hpp>
#include <vector>

#include "app/studio/digit_labeler.h"
#include "engine/core/error.h"

using namespace nnfs::studio;

namespace {
// Keeps what it is given in memory; fails on request, as a full disk would.
class MemorySink : public DigitSink {
 public:
  void add(const LabelledDrawing& d) override {
    if (fail) throw nnfs::Error("/store/labels.csv: No space left on device");
    labels.push_back(d.label);
    guesses.push_back(d.guess);
    pixels.emplace_back(d.raster.begin(), d.raster.end());
  }
  std::vector<std::size_t> counts() const override {
    std::vector<std::size_t> c(10, 0);
    for (int l : labels) ++c[static_cast<std::size_t>(l)];
    return c;
  }
  bool fail = false;
  std::vector<int> labels, guesses;
  std::vector<std::vector<std::uint8_t>> pixels;
};

std::vector<std::uint8_t> inked(int side) {
  std::vector<std::uint8_t> r(static_cast<std::size_t>(side) * side, 0);
  r[r.size() / 2] = 200;
  return r;
}
}  // namespace

TEST_CASE("Digit keys label, Enter keeps the guess, other keys do nothing", "[studio][label]") {
  for (int d = 0; d <= 9; ++d) {
    CHECK(label_for_key(GLFW_KEY_0 + d, 4, 10) == d);
    CHECK(label_for_key(GLFW_KEY_KP_0 + d, 4, 10) == d);
  }
  CHECK(label_for_key(GLFW_KEY_ENTER, 7, 10) == 7);
  CHECK(label_for_key(GLFW_KEY_KP_ENTER, 3, 10) == 3);
  CHECK(label_for_key(GLFW_KEY_ENTER, -1, 10) == -1);  // no guess yet
  CHECK(label_for_key(GLFW_KEY_A, 2, 10) == -1);
  CHECK(label_for_key(GLFW_KEY_SPACE, 2, 10) == -1);
  CHECK(label_for_key(GLFW_KEY_5, 2, 3) == -1);        // a three-class model has no 5
}

TEST_CASE("Saving keeps the drawing, its label and the guess, and counts per class", "[studio][label]") {
  MemorySink sink;
  const std::vector<std::uint8_t> r = inked(8);
  std::vector<std::size_t> counts = save_labelled(sink, {r, 8, 7, 1}, 10);
  CHECK(counts[7] == 1);
  counts = save_labelled(sink, {r, 8, 7, 7}, 10);
  counts = save_labelled(sink, {r, 8, 0, -1}, 10);
  CHECK(counts == std::vector<std::size_t>{1, 0, 0, 0, 0, 0, 0, 2, 0, 0});
  CHECK(sink.guesses == std::vector<int>{1, 7, -1});
  CHECK(sink.pixels[0] == r);
  CHECK(describe_counts(counts) == "1 × 0 · 2 × 7");
  CHECK(describe_counts(std::vector<std::size_t>(10, 0)) == "none yet");
}

TEST_CASE("Bad drawings and a failing store save nothing", "[studio][label]") {
  MemorySink sink;
  const std::vector<std::uint8_t> r = inked(8);
  CHECK_THROWS_WITH(save_labelled(sink, {r, 8, 10, 1}, 10), "label 10 is not a class: expected 0 to 9");
  CHECK_THROWS_WITH(save_labelled(sink, {r, 8, -1, 1}, 10), "label -1 is not a class: expected 0 to 9");
  CHECK_THROWS_WITH(save_labelled(sink, {r, 7, 1, 1}, 10), "drawing of 64 bytes is not a 7x7 square");
  const std::vector<std::uint8_t> blank(64, 0);
  CHECK_THROWS_WITH(save_labelled(sink, {blank, 8, 1, 1}, 10), "the canvas is empty: draw a digit before labelling it");
  sink.fail = true;
  CHECK_THROWS_WITH(save_labelled(sink, {r, 8, 1, 1}, 10), "/store/labels.csv: No space left on device");
  CHECK(sink.labels.empty());
}
