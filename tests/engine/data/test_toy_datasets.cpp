#include <catch2/catch.hpp>

#include <cmath>
#include <numbers>

#include "engine/core/error.h"
#include "engine/data/playground_datasets.h"
#include "engine/data/toy_datasets.h"

using namespace nnfs;
using Catch::Matchers::Contains;

TEST_CASE("spiral data: classes × points, stored class after class, as the book does", "[data]") {
  const Dataset d = spiral_data(100, 3, 0);
  CHECK(d.count == 300);
  CHECK(d.sample_shape == Shape{2});
  CHECK(d.features.size() == 600);
  CHECK(d.pixels.empty());
  CHECK(d.targets.empty());
  CHECK(d.class_names == std::vector<std::string>{"0", "1", "2"});
  for (std::size_t n = 0; n < 300; ++n) CHECK(d.labels[n] == static_cast<std::int32_t>(n / 100));
}

TEST_CASE("spiral data: radius is linspace(0, 1), angle 2.5·(linspace(4c, 4c+4) + 0.2·randn)", "[data]") {
  const std::size_t points = 2000, classes = 3;
  const Dataset d = spiral_data(points, classes, 5);
  double sum = 0.0, sum_sq = 0.0;
  std::size_t measured = 0;
  for (std::size_t c = 0; c < classes; ++c) {
    for (std::size_t i = 0; i < points; ++i) {
      const std::size_t n = c * points + i;
      const double x = d.features[2 * n], y = d.features[2 * n + 1];
      const double s = static_cast<double>(i) / static_cast<double>(points - 1);
      REQUIRE(std::hypot(x, y) == Approx(s).margin(1e-6));
      if (i == 0) continue;  // at r = 0 the angle is undefined
      // x = r·sin(2.5t), y = r·cos(2.5t): atan2(x, y) = 2.5t (mod 2π); the noise is what is left
      // after the noiseless angle 2.5·(4c + 4s).
      double diff = std::atan2(x, y) - 2.5 * (4.0 * static_cast<double>(c) + 4.0 * s);
      diff = std::remainder(diff, 2.0 * std::numbers::pi);
      const double noise = diff / 2.5;
      sum += noise;
      sum_sq += noise * noise;
      ++measured;
    }
  }
  const double mean = sum / static_cast<double>(measured);
  const double std = std::sqrt(sum_sq / static_cast<double>(measured) - mean * mean);
  CHECK(mean == Approx(0.0).margin(0.02));
  CHECK(std == Approx(0.2).epsilon(0.05));
}

TEST_CASE("spiral data: the same seed gives the same points, another seed other noise", "[data]") {
  const Dataset a = spiral_data(50, 2, 7), b = spiral_data(50, 2, 7), c = spiral_data(50, 2, 8);
  CHECK(a.features == b.features);
  CHECK(a.features != c.features);
  CHECK(a.labels == c.labels);
  CHECK_THROWS_AS(spiral_data(0, 3, 0), Error);
  CHECK_THROWS_AS(spiral_data(100, 0, 0), Error);
  const Dataset one = spiral_data(1, 2, 0);  // linspace(0, 1, 1) = [0]
  CHECK(one.features == std::vector<float>{0, 0, 0, 0});
}

TEST_CASE("sine data: x = i / samples, y = sin(2πx), one target per sample", "[data]") {
  const Dataset d = sine_data(1000);
  CHECK(d.count == 1000);
  CHECK(d.sample_shape == Shape{1});
  CHECK(d.target_dim == 1);
  CHECK(d.labels.empty());
  CHECK(d.class_names.empty());
  CHECK(d.labelled());
  CHECK(d.features[0] == 0.0f);
  CHECK(d.features[250] == Approx(0.25));
  CHECK(d.targets[250] == Approx(1.0));
  CHECK(d.targets[750] == Approx(-1.0));
  CHECK(d.features[999] == Approx(0.999));
  const Dataset mid = sine_data(4, 0.5f);
  CHECK(mid.features == std::vector<float>{0.125f, 0.375f, 0.625f, 0.875f});
  CHECK(mid.targets[0] == Approx(std::sin(std::numbers::pi / 4)));
}

TEST_CASE("toy data specs: defaults, sizes, a test set from the same distribution", "[data]") {
  auto spiral = toy_data_from_spec("spiral");
  REQUIRE(spiral);
  CHECK(spiral->train.count == 300);
  CHECK(spiral->test.count == 300);
  CHECK(spiral->train.features != spiral->test.features);  // a second draw
  CHECK(spiral->train.features == spiral_data(100, 3, kSpiralTrainSeed).features);
  CHECK(spiral->train.source == "spiral:3:100");
  CHECK(toy_data_from_spec("spiral:2")->train.num_classes() == 2);
  CHECK(toy_data_from_spec("spiral:2")->train.count == 200);
  CHECK(toy_data_from_spec("spiral:5:10")->train.count == 50);

  auto sine = toy_data_from_spec("sine");
  REQUIRE(sine);
  CHECK(sine->train.count == 1000);
  CHECK(sine->test.features[0] == Approx(0.0005));  // midpoints between training points
  CHECK(toy_data_from_spec("sine:64")->train.count == 64);

  CHECK(toy_data_from_spec("vertical")->train.count == 300);
  CHECK(toy_data_from_spec("vertical:2:10")->train.count == 20);
  CHECK(toy_data_from_spec("vertical")->train.features == vertical_data(100, 3, kSpiralTrainSeed).features);
  for (const char* two_class : {"circles", "xor", "moons"}) {
    auto data = toy_data_from_spec(two_class);
    REQUIRE(data);
    CHECK(data->train.count == 200);
    CHECK(data->train.num_classes() == 2);
    CHECK(data->train.features != data->test.features);
    CHECK(toy_data_from_spec(std::string(two_class) + ":7")->train.count == 14);
  }
  CHECK(toy_data_from_spec("moons")->train.features == moons_data(100, kTwoClassNoise, kSpiralTrainSeed).features);

  for (const char* other : {"fashion", "mnist", "", "data/mnist", "spiralx", "./spiral", "sines:3"})
    CHECK_FALSE(toy_data_from_spec(other));
}

TEST_CASE("toy data specs: malformed ones name the part and the range", "[data]") {
  CHECK_THROWS_WITH(toy_data_from_spec("spiral:0"), Contains("--data spiral:0: CLASSES must be a whole number from 1 to 1000, got '0'"));
  CHECK_THROWS_WITH(toy_data_from_spec("spiral:x"), Contains("CLASSES must be a whole number"));
  CHECK_THROWS_WITH(toy_data_from_spec("spiral:3:"), Contains("POINTS must be a whole number from 1 to 3333333, got ''"));
  CHECK_THROWS_WITH(toy_data_from_spec("spiral:3:1e9"), Contains("POINTS must be"));
  CHECK_THROWS_WITH(toy_data_from_spec("spiral:3:100:2"), Contains("expected spiral[:CLASSES[:POINTS]]"));
  CHECK_THROWS_WITH(toy_data_from_spec("sine:-5"), Contains("SAMPLES must be a whole number"));
  CHECK_THROWS_WITH(toy_data_from_spec("sine:10:2"), Contains("expected sine[:SAMPLES]"));
  CHECK_THROWS_WITH(toy_data_from_spec("vertical:0"), Contains("--data vertical:0: CLASSES must be a whole number"));
  CHECK_THROWS_WITH(toy_data_from_spec("vertical:3:4:5"), Contains("expected vertical[:CLASSES[:POINTS]]"));
  CHECK_THROWS_WITH(toy_data_from_spec("xor:0"), Contains("--data xor:0: POINTS must be a whole number from 1 to 5000000, got '0'"));
  CHECK_THROWS_WITH(toy_data_from_spec("moons:5:1"), Contains("expected moons[:POINTS]"));
  CHECK_THROWS_WITH(toy_data_from_spec("circles:x"), Contains("POINTS must be a whole number"));
}
