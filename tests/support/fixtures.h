// Small synthetic data and models shared by the model, training and CLI tests.
//
//   blobs(...)         Gaussian clusters of float features, one per class: a problem a small MLP
//                      must solve almost perfectly within a few epochs.
//   digit_patterns(...) 28x28 uint8 images, one simple stroke pattern per digit 0-9 plus noise:
//                      MNIST-shaped fixtures that never depend on the real MNIST files.
//   small_classifier() Dense-ReLU-Dense-Softmax over a few features, initialised from a seed.
#pragma once

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <vector>

#include "engine/core/error.h"
#include "engine/core/rng.h"
#include "engine/data/dataset.h"
#include "engine/model/model.h"

namespace nnfs::test {

// Runs f, which must throw nnfs::Error; returns its message (checked to be one line).
template <typename F>
std::string error_message(F&& f) {
  try {
    f();
  } catch (const nnfs::Error& e) {
    const std::string msg = e.what();
    CHECK(msg.find('\n') == std::string::npos);
    return msg;
  }
  FAIL("expected an nnfs::Error");
  return {};
}

// `n` values drawn uniformly from [-1, 1) by Rng(seed): operands for kernel tests.
inline std::vector<float> random_values(std::size_t n, std::uint64_t seed) {
  Rng rng(seed);
  std::vector<float> v(n);
  for (float& x : v) x = rng.uniform(-1.0f, 1.0f);
  return v;
}

// `per_class` points around each of `classes` centres on a circle of radius `radius`, with
// per-coordinate standard deviation `spread`; features of dimension `dims` (>= 2, the extra
// dimensions are pure noise). Samples are interleaved by class.
inline Dataset blobs(std::size_t classes, std::size_t per_class, std::uint64_t seed,
                     std::size_t dims = 2, float radius = 3.0f, float spread = 0.5f) {
  Dataset d;
  d.source = "blobs";
  d.count = classes * per_class;
  d.sample_shape = {dims};
  d.features.reserve(d.count * dims);
  Rng rng(seed);
  for (std::size_t i = 0; i < per_class; ++i) {
    for (std::size_t c = 0; c < classes; ++c) {
      const float angle = 6.2831853f * static_cast<float>(c) / static_cast<float>(classes);
      for (std::size_t j = 0; j < dims; ++j) {
        const float centre = j == 0 ? radius * std::cos(angle) : j == 1 ? radius * std::sin(angle) : 0.0f;
        d.features.push_back(centre + spread * rng.normal());
      }
      d.labels.push_back(static_cast<std::int32_t>(c));
    }
  }
  for (std::size_t c = 0; c < classes; ++c) d.class_names.push_back(std::string("class").append(std::to_string(c)));
  return d;
}

// `count` 28x28 images; image i shows digit i % 10 as a bright bar (rows for even digits,
// columns for odd ones, at a position that depends on the digit) over dim random noise.
inline Dataset digit_patterns(std::size_t count, std::uint64_t seed) {
  constexpr std::size_t kSide = 28;
  Dataset d;
  d.source = "digit-patterns";
  d.count = count;
  d.sample_shape = {kSide, kSide};
  d.pixels.resize(count * kSide * kSide);
  Rng rng(seed);
  for (std::size_t i = 0; i < count; ++i) {
    const auto digit = static_cast<std::int32_t>(i % 10);
    std::uint8_t* img = d.pixels.data() + i * kSide * kSide;
    for (std::size_t p = 0; p < kSide * kSide; ++p) img[p] = static_cast<std::uint8_t>(rng.below(40));
    const std::size_t at = 3 + static_cast<std::size_t>(digit / 2) * 5;  // 3, 8, 13, 18, 23
    for (std::size_t a = 0; a < kSide; ++a)
      for (std::size_t w = at; w < at + 3; ++w) {
        const std::size_t r = digit % 2 == 0 ? w : a, c = digit % 2 == 0 ? a : w;
        img[r * kSide + c] = static_cast<std::uint8_t>(200 + rng.below(56));
      }
    d.labels.push_back(digit);
  }
  d.class_names = digit_class_names();
  return d;
}

// dense(hidden, he) → relu → dense(classes) → softmax over inputs of `input`.
inline Model small_classifier(const Shape& input, std::size_t hidden, std::size_t classes,
                              std::uint64_t seed) {
  using json = nlohmann::json;
  Model m;
  m.net = Sequential::from_architecture(
      input, json::array({{{"type", "dense"}, {"units", hidden}, {"init", "he"}},
                          {{"type", "relu"}},
                          {{"type", "dense"}, {"units", classes}, {"init", "xavier"}},
                          {{"type", "softmax"}}}));
  m.net.init(seed);
  for (std::size_t c = 0; c < classes; ++c) m.class_names.push_back(std::string("c").append(std::to_string(c)));
  return m;
}

// A batch of `rows` random inputs for `net`, uniform in [-1, 1).
inline Tensor random_inputs(const Sequential& net, std::size_t rows, std::uint64_t seed) {
  Shape s = net.input_shape();
  s.insert(s.begin(), rows);
  Tensor x(s);
  Rng rng(seed);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = rng.uniform(-1.0f, 1.0f);
  return x;
}

// Bit-for-bit equality of two float arrays (NaN payloads and signed zeros included).
inline bool same_bits(std::span<const float> a, std::span<const float> b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0);
}
inline bool same_bits(const Tensor& a, const Tensor& b) {
  return a.shape() == b.shape() && same_bits(std::span<const float>(a.data(), a.size()),
                                             std::span<const float>(b.data(), b.size()));
}

}  // namespace nnfs::test
