#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "engine/core/error.h"
#include "engine/data/augment.h"

using namespace nnfs;

namespace {

// A 6x5 image with one bright pixel at (x, y).
std::vector<std::uint8_t> dot(std::size_t x, std::size_t y) {
  std::vector<std::uint8_t> img(6 * 5, 0);
  img[y * 5 + x] = 200;
  return img;
}

}  // namespace

TEST_CASE("augment: the identity transform copies the image, scaled", "[data][augment]") {
  const auto img = dot(2, 3);
  std::vector<float> out(30);
  warp_affine(img.data(), 1, 6, 5, {}, {0.5f, 1.0f}, out.data());
  for (std::size_t i = 0; i < 30; ++i) CHECK(out[i] == (i == 3 * 5 + 2 ? 101.0f : 1.0f));
}

TEST_CASE("augment: a translation moves the ink, bilinear between pixels", "[data][augment]") {
  const auto img = dot(2, 3);
  std::vector<float> out(30);
  Affine2D shift;  // src = dst + (-1, 0): everything moves one pixel right
  shift.tx = -1.0f;
  warp_affine(img.data(), 1, 6, 5, shift, {1.0f, 0.0f}, out.data());
  CHECK(out[3 * 5 + 3] == 200.0f);
  CHECK(out[3 * 5 + 2] == 0.0f);
  shift.tx = -0.5f;  // half a pixel: split between two
  warp_affine(img.data(), 1, 6, 5, shift, {1.0f, 0.0f}, out.data());
  CHECK(out[3 * 5 + 2] == 100.0f);
  CHECK(out[3 * 5 + 3] == 100.0f);
}

TEST_CASE("augment: outside the source reads background", "[data][augment]") {
  std::vector<std::uint8_t> img(4 * 4, 255);
  Affine2D far;
  far.tx = 100.0f;
  std::vector<float> out(16);
  warp_affine(img.data(), 1, 4, 4, far, {1.0f, -3.0f}, out.data());
  for (float v : out) CHECK(v == -3.0f);
}

TEST_CASE("augment: random transforms stay within the configured ranges", "[data][augment]") {
  AugmentConfig c;
  c.shift = 2.0f;
  c.rotation = 0.0f;
  c.scale = 0.0f;
  c.shear = 0.0f;
  Rng rng(5);
  for (int i = 0; i < 200; ++i) {
    const Affine2D m = random_affine(c, 28, 28, rng);
    CHECK(m.m00 == Approx(1.0f));
    CHECK(m.m01 == Approx(0.0f).margin(1e-6));
    CHECK(std::fabs(m.tx) <= 2.0f);
    CHECK(std::fabs(m.ty) <= 2.0f);
  }
  // Rotation only: M is a rotation by at most 10°, the centre stays fixed.
  c = {0.0f, 10.0f, 0.0f, 0.0f};
  for (int i = 0; i < 200; ++i) {
    const Affine2D m = random_affine(c, 28, 28, rng);
    CHECK(m.m00 * m.m11 - m.m01 * m.m10 == Approx(1.0f));
    CHECK(m.m00 >= std::cos(10.0f * 3.14159265f / 180.0f) - 1e-6f);
    CHECK(m.m00 * 13.5f + m.m01 * 13.5f + m.tx == Approx(13.5f));
  }
}

TEST_CASE("augment: the same generator state gives the same transform", "[data][augment]") {
  const AugmentConfig c;
  Rng a(42), b(42);
  const Affine2D x = random_affine(c, 28, 28, a), y = random_affine(c, 28, 28, b);
  CHECK(x.m00 == y.m00);
  CHECK(x.tx == y.tx);
  CHECK(x.ty == y.ty);
}

TEST_CASE("augment: settings are validated", "[data][augment]") {
  AugmentConfig c;
  CHECK_NOTHROW(c.validate());
  c.shift = -1.0f;
  CHECK_THROWS_WITH(c.validate(), Catch::Contains("shift"));
  c = {};
  c.scale = 1.0f;
  CHECK_THROWS_WITH(c.validate(), Catch::Contains("scale"));
  c = {};
  c.rotation = NAN;
  CHECK_THROWS_AS(c.validate(), Error);
}
