#include "engine/data/toy_datasets.h"

#include <charconv>
#include <cmath>
#include <numbers>
#include <string_view>
#include <vector>

#include "engine/core/error.h"
#include "engine/core/rng.h"
#include "engine/data/playground_datasets.h"

namespace nnfs {

namespace {

// Keeps a typo like "spiral:3:1e9" from allocating gigabytes.
constexpr std::size_t kMaxToySamples = 10'000'000;

std::vector<std::string> class_names_0_to(std::size_t classes) {
  std::vector<std::string> names;
  for (std::size_t c = 0; c < classes; ++c) names.push_back(std::to_string(c));
  return names;
}

// "spiral:3:100" → {"spiral", "3", "100"}
std::vector<std::string_view> split_spec(std::string_view spec) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t colon = std::min(spec.find(':', start), spec.size());
    parts.push_back(spec.substr(start, colon - start));
    if (colon == spec.size()) return parts;
    start = colon + 1;
  }
}

std::size_t spec_count(const std::string& spec, std::string_view text, const char* what, std::size_t max) {
  std::size_t n = 0;
  const auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || p != text.data() + text.size() || n == 0 || n > max)
    throw Error("--data " + spec + ": " + what + " must be a whole number from 1 to " + std::to_string(max) +
                ", got '" + std::string(text) + "'");
  return n;
}

using ClassesGenerator = Dataset (*)(std::size_t points, std::size_t classes, std::uint64_t seed);

// spiral[:CLASSES[:POINTS]], vertical[:CLASSES[:POINTS]]: default 3 classes × 100 points, the
// test set a second draw.
std::optional<ToyData> classes_data_from_spec(const std::string& spec, const std::vector<std::string_view>& parts) {
  struct Named {
    std::string_view name;
    ClassesGenerator make;
  };
  const ClassesGenerator spiral = [](std::size_t points, std::size_t classes, std::uint64_t seed) {
    return spiral_data(points, classes, seed);  // the book's noise
  };
  for (const Named set : {Named{"spiral", spiral}, Named{"vertical", vertical_data}}) {
    if (parts[0] != set.name) continue;
    if (parts.size() > 3) throw Error("--data " + spec + ": expected " + std::string(set.name) + "[:CLASSES[:POINTS]]");
    const std::size_t classes = parts.size() > 1 ? spec_count(spec, parts[1], "CLASSES", 1000) : 3;
    const std::size_t points = parts.size() > 2 ? spec_count(spec, parts[2], "POINTS", kMaxToySamples / classes) : 100;
    ToyData data{set.make(points, classes, kSpiralTrainSeed), set.make(points, classes, kSpiralTestSeed)};
    data.test.source += " (test draw)";
    return data;
  }
  return std::nullopt;
}

using TwoClassGenerator = Dataset (*)(std::size_t points, float noise, std::uint64_t seed);

// circles[:POINTS], xor[:POINTS], moons[:POINTS]: POINTS per class (default 100), the set's
// noise fixed (kTwoClassNoise), the test set a second draw.
std::optional<ToyData> two_class_data_from_spec(const std::string& spec, const std::vector<std::string_view>& parts) {
  struct Named {
    std::string_view name;
    TwoClassGenerator make;
  };
  for (const Named set : {Named{"circles", circles_data}, Named{"xor", xor_data}, Named{"moons", moons_data}}) {
    if (parts[0] != set.name) continue;
    if (parts.size() > 2) throw Error("--data " + spec + ": expected " + std::string(set.name) + "[:POINTS]");
    const std::size_t points = parts.size() > 1 ? spec_count(spec, parts[1], "POINTS", kMaxToySamples / 2) : 100;
    ToyData data{set.make(points, kTwoClassNoise, kSpiralTrainSeed), set.make(points, kTwoClassNoise, kSpiralTestSeed)};
    data.test.source += " (test draw)";
    return data;
  }
  return std::nullopt;
}

}  // namespace

Dataset spiral_data(std::size_t points, std::size_t classes, std::uint64_t seed, double noise) {
  if (points == 0 || classes == 0 || points * classes > kMaxToySamples)
    throw Error("spiral data: need 1 to " + std::to_string(kMaxToySamples) + " samples in total");
  Dataset d;
  d.source = "spiral:" + std::to_string(classes) + ":" + std::to_string(points);
  d.count = points * classes;
  d.sample_shape = {2};
  d.features.resize(d.count * 2);
  d.labels.resize(d.count);
  d.class_names = class_names_0_to(classes);
  Rng rng(seed);
  const double last = points > 1 ? static_cast<double>(points - 1) : 1.0;
  for (std::size_t c = 0; c < classes; ++c) {
    for (std::size_t i = 0; i < points; ++i) {
      // r = linspace(0, 1)[i],  t = linspace(4c, 4(c+1))[i] + noise·randn
      const double s = static_cast<double>(i) / last;
      const double r = s;
      const double t = 4.0 * static_cast<double>(c) + 4.0 * s + noise * rng.normal();
      const std::size_t n = c * points + i;
      // x = (r·sin(2.5t), r·cos(2.5t))
      d.features[2 * n] = static_cast<float>(r * std::sin(2.5 * t));
      d.features[2 * n + 1] = static_cast<float>(r * std::cos(2.5 * t));
      d.labels[n] = static_cast<std::int32_t>(c);
    }
  }
  return d;
}

Dataset sine_data(std::size_t samples, float offset) {
  if (samples == 0 || samples > kMaxToySamples)
    throw Error("sine data: need 1 to " + std::to_string(kMaxToySamples) + " samples");
  Dataset d;
  d.source = "sine:" + std::to_string(samples);
  d.count = samples;
  d.sample_shape = {1};
  d.features.resize(samples);
  d.targets.resize(samples);
  d.target_dim = 1;
  for (std::size_t i = 0; i < samples; ++i) {
    // x = i / samples,  y = sin(2πx)
    const double x = (static_cast<double>(i) + offset) / static_cast<double>(samples);
    d.features[i] = static_cast<float>(x);
    d.targets[i] = static_cast<float>(std::sin(2.0 * std::numbers::pi * x));
  }
  return d;
}

std::optional<ToyData> toy_data_from_spec(const std::string& spec) {
  const std::vector<std::string_view> parts = split_spec(spec);
  if (parts[0] == "sine") {
    if (parts.size() > 2) throw Error("--data " + spec + ": expected sine[:SAMPLES]");
    const std::size_t samples = parts.size() > 1 ? spec_count(spec, parts[1], "SAMPLES", kMaxToySamples) : 1000;
    ToyData data{sine_data(samples), sine_data(samples, 0.5f)};
    data.test.source += " (midpoints)";
    return data;
  }
  if (auto data = classes_data_from_spec(spec, parts)) return data;
  return two_class_data_from_spec(spec, parts);
}

}  // namespace nnfs
