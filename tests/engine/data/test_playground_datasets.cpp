#include <catch2/catch.hpp>

#include <cmath>

#include "engine/core/error.h"
#include "engine/data/playground_datasets.h"

using namespace nnfs;
using Catch::Matchers::Contains;

namespace {

double px(const Dataset& d, std::size_t n) { return d.features[2 * n]; }
double py(const Dataset& d, std::size_t n) { return d.features[2 * n + 1]; }

void check_two_class_layout(const Dataset& d, std::size_t points) {
  REQUIRE(d.count == 2 * points);
  CHECK(d.sample_shape == Shape{2});
  CHECK(d.features.size() == 4 * points);
  CHECK(d.class_names == std::vector<std::string>{"0", "1"});
  for (std::size_t n = 0; n < d.count; ++n) CHECK(d.labels[n] == static_cast<std::int32_t>(n / points));
}

}  // namespace

TEST_CASE("vertical data: class c is a blob at (c/3, 0.5) with spread 0.1", "[data][playground]") {
  const std::size_t points = 3000;
  const double count = static_cast<double>(points);
  const Dataset d = vertical_data(points, 3, 2);
  REQUIRE(d.count == 9000);
  for (std::size_t c = 0; c < 3; ++c) {
    double sx = 0, sy = 0, sxx = 0;
    for (std::size_t i = 0; i < points; ++i) {
      const std::size_t n = c * points + i;
      CHECK(d.labels[n] == static_cast<std::int32_t>(c));
      sx += px(d, n);
      sy += py(d, n);
      sxx += px(d, n) * px(d, n);
    }
    const double mx = sx / count;
    CHECK(mx == Approx(static_cast<double>(c) / 3.0).margin(0.01));
    CHECK(sy / count == Approx(0.5).margin(0.01));
    CHECK(std::sqrt(sxx / count - mx * mx) == Approx(0.1).epsilon(0.05));
  }
}

TEST_CASE("circles data: class 0 on radius 1, class 1 on radius 0.5, noise spreads them", "[data][playground]") {
  const Dataset d = circles_data(200, 0.0f, 3);
  check_two_class_layout(d, 200);
  for (std::size_t n = 0; n < d.count; ++n)
    CHECK(std::hypot(px(d, n), py(d, n)) == Approx(d.labels[n] == 0 ? 1.0 : 0.5).margin(1e-5));
  const Dataset noisy = circles_data(200, 0.1f, 3);
  double off = 0;
  for (std::size_t n = 0; n < noisy.count; ++n)
    off += std::abs(std::hypot(px(noisy, n), py(noisy, n)) - (noisy.labels[n] == 0 ? 1.0 : 0.5));
  CHECK(off / static_cast<double>(noisy.count) > 0.03);
}

TEST_CASE("xor data: label 1 exactly where x·y < 0, points within 1 of the origin and off the axes", "[data][playground]") {
  const Dataset d = xor_data(500, 0.0f, 4);
  check_two_class_layout(d, 500);
  std::size_t quadrant[4] = {0, 0, 0, 0};
  for (std::size_t n = 0; n < d.count; ++n) {
    const double x = px(d, n), y = py(d, n);
    CHECK(std::abs(x) >= 0.05 - 1e-6);
    CHECK(std::abs(x) <= 1.0 + 1e-6);
    CHECK(std::abs(y) >= 0.05 - 1e-6);
    CHECK(std::abs(y) <= 1.0 + 1e-6);
    CHECK((x * y < 0) == (d.labels[n] == 1));
    ++quadrant[(x > 0 ? 1 : 0) + (y > 0 ? 2 : 0)];
  }
  for (std::size_t q : quadrant) CHECK(q > 200);  // all four quadrants used, about 250 each
}

TEST_CASE("moons data: two interleaved half circles", "[data][playground]") {
  const Dataset d = moons_data(300, 0.0f, 5);
  check_two_class_layout(d, 300);
  for (std::size_t n = 0; n < d.count; ++n) {
    const double x = px(d, n), y = py(d, n);
    if (d.labels[n] == 0) {
      CHECK(std::hypot(x, y) == Approx(1.0).margin(1e-5));
      CHECK(y >= -1e-6);
    } else {
      CHECK(std::hypot(x - 1.0, y - 0.5) == Approx(1.0).margin(1e-5));
      CHECK(y <= 0.5 + 1e-6);
    }
  }
}

TEST_CASE("playground data: seeded, and bad sizes or noise are clear errors", "[data][playground]") {
  CHECK(moons_data(50, 0.1f, 7).features == moons_data(50, 0.1f, 7).features);
  CHECK(moons_data(50, 0.1f, 7).features != moons_data(50, 0.1f, 8).features);
  CHECK(xor_data(50, 0.1f, 7).features != xor_data(50, 0.1f, 8).features);
  CHECK(circles_data(50, 0.1f, 7).features != circles_data(50, 0.1f, 8).features);
  CHECK(vertical_data(50, 3, 7).features != vertical_data(50, 3, 8).features);
  CHECK_THROWS_WITH(circles_data(0, 0.1f, 0), Contains("circles data: need 1 to"));
  CHECK_THROWS_WITH(xor_data(10, -1.0f, 0), Contains("xor data: noise must be from 0 to 10"));
  CHECK_THROWS_WITH(moons_data(10, std::nanf(""), 0), Contains("moons data: noise must be from 0 to 10"));
  CHECK_THROWS_WITH(vertical_data(10, 0, 0), Contains("vertical data: need 1 to"));
}
