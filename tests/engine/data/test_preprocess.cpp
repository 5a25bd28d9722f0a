#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include "engine/data/preprocess.h"
#include "engine/data/preprocess_stroke.h"
#include "support/fixtures.h"

using namespace nnfs;

namespace {

GrayImage canvas(std::size_t w, std::size_t h, std::uint8_t paper) {
  return {w, h, std::vector<std::uint8_t>(w * h, paper)};
}

void fill_rect(GrayImage& g, std::size_t x0, std::size_t y0, std::size_t w, std::size_t h, std::uint8_t ink) {
  for (std::size_t y = y0; y < y0 + h; ++y)
    for (std::size_t x = x0; x < x0 + w; ++x) g.pixels[y * g.width + x] = ink;
}

struct Moments {
  double mass = 0, cx = 0, cy = 0;
  std::size_t left = 28, right = 0, top = 28, bottom = 0;
};
Moments moments(const MnistDigit& d) {
  Moments m;
  for (std::size_t y = 0; y < 28; ++y)
    for (std::size_t x = 0; x < 28; ++x) {
      const double v = d.pixels[y * 28 + x];
      if (v == 0) continue;
      m.mass += v;
      m.cx += v * static_cast<double>(x);
      m.cy += v * static_cast<double>(y);
      m.left = std::min(m.left, x), m.right = std::max(m.right, x);
      m.top = std::min(m.top, y), m.bottom = std::max(m.bottom, y);
    }
  m.cx /= m.mass;
  m.cy /= m.mass;
  return m;
}

}  // namespace

TEST_CASE("preprocess: a shifted square lands centred, 20 pixels wide, at full intensity", "[preprocess]") {
  GrayImage g = canvas(200, 120, 255);
  fill_rect(g, 140, 10, 30, 30, 0);  // black square in the top-right corner of white paper
  const auto d = preprocess_digit(g);
  REQUIRE(d);
  CHECK(d->inverted);
  CHECK(d->left == 140);
  CHECK(d->top == 10);
  CHECK(d->width == 30);
  const Moments m = moments(*d);
  CHECK(m.right - m.left + 1 == 20);
  CHECK(m.bottom - m.top + 1 == 20);
  CHECK(m.cx == Approx(14.0).margin(0.5));
  CHECK(m.cy == Approx(14.0).margin(0.5));
  CHECK(d->pixels[14 * 28 + 14] == 255);
  CHECK(d->pixels[0] == 0);
}

TEST_CASE("preprocess: an inverted image is detected and gives the same digit", "[preprocess]") {
  GrayImage dark_on_light = canvas(90, 70, 230), light_on_dark = canvas(90, 70, 10);
  fill_rect(dark_on_light, 20, 15, 8, 40, 30);  // a vertical bar
  fill_rect(dark_on_light, 20, 15, 30, 8, 30);  // and a top bar: a "7"-like shape
  fill_rect(light_on_dark, 20, 15, 8, 40, 240);
  fill_rect(light_on_dark, 20, 15, 30, 8, 240);
  const auto a = preprocess_digit(dark_on_light), b = preprocess_digit(light_on_dark);
  REQUIRE(a);
  REQUIRE(b);
  CHECK(a->inverted);
  CHECK_FALSE(b->inverted);
  CHECK(a->pixels == b->pixels);
}

TEST_CASE("preprocess: grey paper goes to 0 and grey ink to full intensity", "[preprocess]") {
  GrayImage g = canvas(60, 60, 190);
  Rng rng(3);
  for (auto& p : g.pixels) p = static_cast<std::uint8_t>(185 + rng.below(11));  // paper texture
  fill_rect(g, 25, 10, 6, 40, 70);  // a pen 15% of the height: inside MNIST's range, kept as is
  const auto d = preprocess_digit(g);
  REQUIRE(d);
  const Moments m = moments(*d);
  CHECK(m.bottom - m.top + 1 == 20);
  CHECK(m.right - m.left + 1 == 3);  // aspect ratio kept: 6 x 40 → 3 x 20
  CHECK(d->pixels[14 * 28 + 14] == 255);
  std::size_t lit = 0;
  for (auto p : d->pixels) lit += p > 0;
  CHECK(lit == 60);  // no speck of paper survives
}

TEST_CASE("preprocess: an empty image is reported as empty", "[preprocess]") {
  CHECK_FALSE(preprocess_digit(canvas(50, 40, 255)));
  CHECK_FALSE(preprocess_digit(canvas(50, 40, 0)));
  GrayImage faint = canvas(50, 40, 200);
  fill_rect(faint, 10, 10, 5, 5, 185);  // 15 levels of contrast: not ink
  CHECK_FALSE(preprocess_digit(faint));
  CHECK_FALSE(preprocess_digit(GrayImage{}));
}

TEST_CASE("preprocess: the centre of mass, not the box, is centred", "[preprocess]") {
  GrayImage g = canvas(100, 100, 0);
  fill_rect(g, 10, 10, 80, 80, 0);
  fill_rect(g, 10, 10, 80, 12, 255);  // top bar
  fill_rect(g, 74, 10, 16, 80, 255);  // heavier right bar: a "7" (pens within MNIST's range)
  const auto d = preprocess_digit(g);
  REQUIRE(d);
  const Moments m = moments(*d);
  CHECK(m.cx == Approx(14.0).margin(0.5));
  CHECK(m.cy == Approx(14.0).margin(0.5));
  CHECK(m.top != 4);  // the box is not simply centred
}

TEST_CASE("preprocess: thin lines are anti-aliased, not dropped", "[preprocess]") {
  GrayImage g = canvas(400, 400, 255);
  for (std::size_t i = 20; i < 380; ++i) g.pixels[i * 400 + i] = 0;  // a 1-pixel diagonal
  const auto d = preprocess_digit(g);
  REQUIRE(d);
  const Moments m = moments(*d);
  CHECK(m.bottom - m.top + 1 == 20);
  for (std::size_t y = m.top; y <= m.bottom; ++y) {
    std::size_t row_ink = 0;
    for (std::size_t x = 0; x < 28; ++x) row_ink += d->pixels[y * 28 + x];
    CHECK(row_ink > 0);  // every row of the 20-pixel box has some ink
  }
}

TEST_CASE("preprocess: an MNIST-sized digit scaled up comes back close to itself", "[preprocess]") {
  // A 28x28 digit blown up 8x and inverted onto paper, then preprocessed back.
  const Dataset data = test::digit_patterns(1, 1);
  GrayImage big = canvas(224, 224, 255);
  for (std::size_t y = 0; y < 224; ++y)
    for (std::size_t x = 0; x < 224; ++x) {
      const std::uint8_t v = data.pixels[(y / 8) * 28 + x / 8];
      big.pixels[y * 224 + x] = static_cast<std::uint8_t>(255 - (v > 100 ? v : 0));
    }
  const auto d = preprocess_digit(big);
  REQUIRE(d);
  const Moments m = moments(*d);
  CHECK(std::max(m.right - m.left, m.bottom - m.top) + 1 == 20);
  CHECK(m.cx == Approx(14.0).margin(0.5));
}

TEST_CASE("preprocess: normalize_ink keeps the size, ink bright on black", "[preprocess]") {
  GrayImage g = canvas(30, 20, 220);
  fill_rect(g, 5, 5, 4, 4, 20);
  const GrayImage n = normalize_ink(g);
  CHECK(n.width == 30);
  CHECK(n.at(6, 6) == 255);
  CHECK(n.at(0, 0) == 0);
  CHECK(normalize_ink(canvas(5, 5, 128)).pixels == std::vector<std::uint8_t>(25, 0));
}

namespace {

// Widths of the runs of bright (>= 128) pixels along row y of the digit.
std::vector<std::size_t> bright_runs(const MnistDigit& d, std::size_t y) {
  std::vector<std::size_t> runs;
  std::size_t run = 0;
  for (std::size_t x = 0; x <= 28; ++x) {
    if (x < 28 && d.pixels[y * 28 + x] >= 128) {
      ++run;
    } else if (run > 0) {
      runs.push_back(run);
      run = 0;
    }
  }
  return runs;
}

}  // namespace

TEST_CASE("preprocess: a 1-pixel hairline reaches full intensity", "[preprocess]") {
  // 1 pixel on a 300-pixel-tall drawing is 0.07 of an output pixel: averaged down as it is, the
  // line would be 18/255 grey. MNIST's strokes have full-intensity cores, so the pen is widened.
  GrayImage vertical = canvas(200, 320, 255), diagonal = canvas(320, 320, 240);
  fill_rect(vertical, 120, 10, 1, 300, 0);
  for (std::size_t i = 10; i < 310; ++i) diagonal.pixels[i * 320 + i] = 40;
  for (const GrayImage* g : {&vertical, &diagonal}) {
    const auto d = preprocess_digit(*g);
    REQUIRE(d);
    const Moments m = moments(*d);
    CHECK(m.bottom - m.top + 1 == 20);
    for (std::size_t y = m.top + 2; y + 2 <= m.bottom; ++y)
      CHECK(*std::max_element(d->pixels.begin() + static_cast<std::ptrdiff_t>(y * 28),
                              d->pixels.begin() + static_cast<std::ptrdiff_t>(y * 28 + 28)) >= 250);
  }
  const auto d = preprocess_digit(vertical);
  const auto runs = bright_runs(*d, 14);
  REQUIRE(runs.size() == 1);
  CHECK(runs[0] >= 1);
  CHECK(runs[0] <= 3);  // widened to MNIST's thinnest pens, not beyond
}

TEST_CASE("preprocess: a very thick pen is narrowed and its loop opens again", "[preprocess]") {
  // A "0" drawn with a marker: a ring of outer radius 100 and inner radius 35, so the pen is 65 /
  // 200 = 33% of the size. At 20 pixels it would be a 6.5-pixel ring around a 7-pixel hole;
  // MNIST's thickest pens are 17.5%, about 3.5 pixels.
  GrayImage g = canvas(260, 260, 255);
  for (std::size_t y = 0; y < 260; ++y)
    for (std::size_t x = 0; x < 260; ++x) {
      const double r = std::hypot(static_cast<double>(x) - 130.0, static_cast<double>(y) - 130.0);
      if (r <= 100.0 && r >= 35.0) g.pixels[y * 260 + x] = 0;
    }
  const auto d = preprocess_digit(g);
  REQUIRE(d);
  const Moments m = moments(*d);
  CHECK(m.right - m.left + 1 == 20);
  CHECK(m.cx == Approx(14.0).margin(0.5));
  const auto runs = bright_runs(*d, static_cast<std::size_t>(std::lround(m.cy)));
  REQUIRE(runs.size() == 2);  // left and right side of the ring, the hole between them
  CHECK(runs[0] <= 4);
  CHECK(runs[1] <= 4);
  CHECK(d->pixels[14 * 28 + 14] == 0);
}

TEST_CASE("stroke_width: the pen width of bars, lines and discs", "[preprocess]") {
  auto bar = [](std::size_t w, std::size_t h) { return InkMask{w, h, std::vector<std::uint8_t>(w * h, 1)}; };
  CHECK(stroke_width(bar(7, 90)) == Approx(7.0).margin(0.5));
  CHECK(stroke_width(bar(90, 11)) == Approx(11.0).margin(0.5));
  CHECK(stroke_width(bar(1, 90)) <= 2.0);
  InkMask diagonal{60, 60, std::vector<std::uint8_t>(3600, 0)};
  for (std::size_t i = 0; i < 60; ++i)
    for (std::size_t k = 0; k < 60; ++k)
      if (std::abs(static_cast<double>(i) - static_cast<double>(k)) <= 4.0) diagonal.ink[i * 60 + k] = 1;
  CHECK(stroke_width(diagonal) == Approx(9.0 / std::sqrt(2.0)).margin(1.0));  // 9 pixels across, at 45°
  CHECK(stroke_width(InkMask{5, 5, std::vector<std::uint8_t>(25, 0)}) == 0.0);
}

TEST_CASE("restroke: a stroke redrawn with a wider or narrower pen keeps its length", "[preprocess]") {
  const InkMask thin{3, 80, std::vector<std::uint8_t>(240, 1)};
  const InkMask wide = restroke(thin, 11.0);
  CHECK(stroke_width(wide) == Approx(11.0).margin(1.0));
  CHECK(wide.width >= 10);
  CHECK(wide.width <= 12);
  CHECK(wide.height >= 86);  // grown at the ends too, by the pen's radius
  const InkMask narrow = restroke(InkMask{21, 200, std::vector<std::uint8_t>(21 * 200, 1)}, 5.0);
  CHECK(narrow.width >= 4);
  CHECK(narrow.width <= 6);
  CHECK(narrow.height >= 180);
  // A blob thinner than the shrink would leave nothing: it stays as it was.
  const InkMask dot{2, 2, std::vector<std::uint8_t>(4, 1)};
  CHECK(restroke(dot, 0.0).ink == dot.ink);
}
