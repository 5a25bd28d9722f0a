#include <catch2/catch.hpp>

#include <cmath>

#include "engine/data/preprocess.h"
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
  fill_rect(g, 25, 10, 10, 40, 70);
  const auto d = preprocess_digit(g);
  REQUIRE(d);
  const Moments m = moments(*d);
  CHECK(m.bottom - m.top + 1 == 20);
  CHECK(m.right - m.left + 1 == 5);  // aspect ratio kept: 10 x 40 → 5 x 20
  CHECK(d->pixels[14 * 28 + 14] == 255);
  std::size_t lit = 0;
  for (auto p : d->pixels) lit += p > 0;
  CHECK(lit == 100);  // no speck of paper survives
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
  fill_rect(g, 10, 10, 80, 10, 255);  // top bar
  fill_rect(g, 70, 10, 20, 80, 255);  // heavier right bar: a "7"
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
