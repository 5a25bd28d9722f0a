#include "engine/data/playground_datasets.h"

#include <cmath>
#include <numbers>
#include <string>

#include "engine/core/error.h"
#include "engine/core/rng.h"

namespace nnfs {

namespace {

// Keeps a typo from allocating gigabytes, as the spiral's limit does.
constexpr std::size_t kMaxPlaygroundSamples = 10'000'000;

// An empty 2-D classification set of classes × points samples, labelled class after class.
Dataset plane_dataset(const char* name, std::size_t points, std::size_t classes, float noise) {
  if (points == 0 || classes == 0 || points * classes > kMaxPlaygroundSamples)
    throw Error(std::string(name) + " data: need 1 to " + std::to_string(kMaxPlaygroundSamples) +
                " samples in total, got " + std::to_string(points) + " points × " + std::to_string(classes) +
                " classes");
  if (!(noise >= 0.0f && noise <= 10.0f))
    throw Error(std::string(name) + " data: noise must be from 0 to 10, got " + std::to_string(noise));
  Dataset d;
  d.source = std::string(name) + ":" + std::to_string(classes) + ":" + std::to_string(points);
  d.count = points * classes;
  d.sample_shape = {2};
  d.features.resize(d.count * 2);
  d.labels.resize(d.count);
  for (std::size_t c = 0; c < classes; ++c) {
    d.class_names.push_back(std::to_string(c));
    for (std::size_t i = 0; i < points; ++i) d.labels[c * points + i] = static_cast<std::int32_t>(c);
  }
  return d;
}

void set_point(Dataset& d, std::size_t n, double x, double y) {
  d.features[2 * n] = static_cast<float>(x);
  d.features[2 * n + 1] = static_cast<float>(y);
}

}  // namespace

Dataset vertical_data(std::size_t points, std::size_t classes, std::uint64_t seed) {
  Dataset d = plane_dataset("vertical", points, classes, 0.1f);
  Rng rng(seed);
  for (std::size_t n = 0; n < d.count; ++n) {
    const double c = static_cast<double>(d.labels[n]);
    // x = c/3 + 0.1·ε₁,  y = 0.5 + 0.1·ε₂
    const double x = c / 3.0 + 0.1 * rng.normal();
    set_point(d, n, x, 0.5 + 0.1 * rng.normal());
  }
  return d;
}

Dataset circles_data(std::size_t points, float noise, std::uint64_t seed) {
  Dataset d = plane_dataset("circles", points, 2, noise);
  Rng rng(seed);
  for (std::size_t n = 0; n < d.count; ++n) {
    const double radius = d.labels[n] == 0 ? 1.0 : 0.5;
    const double t = 2.0 * std::numbers::pi * rng.uniform();
    const double x = radius * std::cos(t) + noise * rng.normal();
    set_point(d, n, x, radius * std::sin(t) + noise * rng.normal());
  }
  return d;
}

Dataset xor_data(std::size_t points, float noise, std::uint64_t seed) {
  Dataset d = plane_dataset("xor", points, 2, noise);
  Rng rng(seed);
  // The quadrant pattern is chosen first, so the label is exact; the margin keeps points off the
  // axes where a noiseless label would be ambiguous. Class 1: x·y < 0.
  for (std::size_t n = 0; n < d.count; ++n) {
    const bool right = rng.uniform() < 0.5f;
    const bool up = (d.labels[n] == 1) != right;
    const double ax = 0.05 + 0.95 * rng.uniform(), ay = 0.05 + 0.95 * rng.uniform();
    const double x = (right ? ax : -ax) + noise * rng.normal();
    set_point(d, n, x, (up ? ay : -ay) + noise * rng.normal());
  }
  return d;
}

Dataset moons_data(std::size_t points, float noise, std::uint64_t seed) {
  Dataset d = plane_dataset("moons", points, 2, noise);
  Rng rng(seed);
  for (std::size_t n = 0; n < d.count; ++n) {
    const double t = std::numbers::pi * rng.uniform();
    // class 0: (cos t, sin t);  class 1: (1 − cos t, 0.5 − sin t)
    const bool outer = d.labels[n] == 0;
    const double x = (outer ? std::cos(t) : 1.0 - std::cos(t)) + noise * rng.normal();
    const double y = (outer ? std::sin(t) : 0.5 - std::sin(t)) + noise * rng.normal();
    set_point(d, n, x, y);
  }
  return d;
}

}  // namespace nnfs
