// The canvas's raster and its undo history (no window needed: only draw() touches ImGui and GL).
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <vector>

#include "app/studio/widgets/digit_canvas.h"

using nnfs::studio::DigitCanvas;

namespace {
constexpr float kScale = DigitCanvas::kRaster / DigitCanvas::kLogical;  // raster pixels per logical pixel

std::uint8_t at(const DigitCanvas& c, float lx, float ly) {
  const int x = static_cast<int>(lx * kScale), y = static_cast<int>(ly * kScale);
  return c.raster()[static_cast<std::size_t>(y) * DigitCanvas::kRaster + static_cast<std::size_t>(x)];
}

bool blank(const DigitCanvas& c) {
  return std::all_of(c.raster().begin(), c.raster().end(), [](std::uint8_t v) { return v == 0; });
}

const ImVec2 kVertical[] = {{140.3f, 50}, {140.3f, 230}};  // off the pixel grid: edges are partial
}  // namespace

TEST_CASE("A stroke inks its path with an anti-aliased round brush", "[studio][canvas]") {
  DigitCanvas c;
  REQUIRE_FALSE(c.has_ink());
  c.add_stroke(kVertical, 20.0f, false);
  CHECK(c.has_ink());
  CHECK(at(c, 140, 140) == 255);             // on the path
  CHECK(at(c, 140, 45) == 255);              // round cap: within the radius beyond the end
  CHECK(at(c, 160, 140) == 0);               // beyond the radius
  CHECK(at(c, 140, 30) == 0);
  // The edge is partly covered: some pixel between full ink and paper exists across it.
  bool partial = false;
  for (float x = 145.0f; x < 155.0f; x += 0.5f) partial = partial || (at(c, x, 140) > 0 && at(c, x, 140) < 255);
  CHECK(partial);
}

TEST_CASE("Undo and redo work per stroke, and a new stroke drops the redo tail", "[studio][canvas]") {
  DigitCanvas c;
  c.add_stroke(kVertical, 20.0f, false);
  const std::vector<std::uint8_t> one = c.raster();
  const ImVec2 across[] = {{60, 140}, {220, 140}};
  c.add_stroke(across, 20.0f, false);
  REQUIRE(c.raster() != one);
  REQUIRE(c.undo());
  CHECK(c.raster() == one);
  CHECK(c.can_redo());
  REQUIRE(c.undo());
  CHECK(blank(c));
  CHECK_FALSE(c.has_ink());
  CHECK_FALSE(c.undo());
  REQUIRE(c.redo());
  CHECK(c.raster() == one);
  c.add_stroke(across, 10.0f, false);  // after an undo: the old second stroke is gone for good
  CHECK_FALSE(c.can_redo());
}

TEST_CASE("Clear is one undoable step and the eraser removes ink", "[studio][canvas]") {
  DigitCanvas c;
  CHECK_FALSE(c.clear());  // nothing to clear: no history entry
  CHECK_FALSE(c.can_undo());
  c.add_stroke(kVertical, 20.0f, false);
  const std::vector<std::uint8_t> drawn = c.raster();
  REQUIRE(c.clear());
  CHECK(blank(c));
  REQUIRE(c.undo());
  CHECK(c.raster() == drawn);

  const ImVec2 rub[] = {{100, 140}, {180, 140}};
  c.add_stroke(rub, 30.0f, true);
  CHECK(at(c, 140, 140) == 0);
  CHECK(at(c, 140, 60) == 255);
}

TEST_CASE("An image fills the canvas keeping its aspect ratio", "[studio][canvas]") {
  // 28x14: a bright left half, a dark right half.
  std::vector<std::uint8_t> img(28 * 14, 0);
  for (int y = 0; y < 14; ++y)
    for (int x = 0; x < 14; ++x) img[static_cast<std::size_t>(y) * 28 + static_cast<std::size_t>(x)] = 255;
  DigitCanvas c;
  c.set_image(img.data(), 28, 14);
  CHECK(c.has_ink());
  CHECK(at(c, 70, 140) == 255);   // left half, vertical middle
  CHECK(at(c, 210, 140) == 0);    // right half
  CHECK(at(c, 70, 30) == 0);      // above the letterboxed image
  REQUIRE(c.undo());
  CHECK(blank(c));
}
