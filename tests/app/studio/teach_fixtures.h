// Fixtures for the "Teach the model my digits" tests: a My digits store on disk and a model that
// reads 28x28 digits (tests/app/studio/test_teach_plan.cpp, test_teach_flow.cpp).
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "engine/data/digit_store.h"
#include "engine/model/architecture.h"
#include "engine/train/new_model.h"
#include "support/fixtures.h"

namespace nnfs::test {

// A canvas raster (560x560, ink bright on black) with a bar whose place and direction depend on
// the digit, moved by `shift` pixels: different drawings of each digit.
inline GrayImage digit_drawing(int digit, std::size_t shift) {
  constexpr std::size_t kSide = 560;
  GrayImage g{kSide, kSide, std::vector<std::uint8_t>(kSide * kSide, 0)};
  const std::size_t at = 60 + static_cast<std::size_t>(digit) * 40 + shift;
  for (std::size_t a = 100; a < 460; ++a)
    for (std::size_t w = at; w < at + 30; ++w) g.pixels[digit % 2 ? a * kSide + w : w * kSide + a] = 255;
  return g;
}

// A store in `dir` holding `per_digit[d]` drawings of digit d; returns the counts per digit (10).
inline std::vector<std::size_t> write_digit_store(const std::string& dir, const std::map<int, std::size_t>& per_digit) {
  DigitStore store(dir);
  for (const auto& [digit, n] : per_digit)
    for (std::size_t i = 0; i < n; ++i) store.add(NewDigit{digit_drawing(digit, i * 3), digit, 1700000000, -1, 0.0f});
  const auto counts = store.counts();
  return {counts.begin(), counts.end()};
}

// The mlp preset on 28x28 digits, untrained (no history), from `seed`.
inline Model digit_mlp(std::uint64_t seed) {
  return new_model(resolve_architecture("mlp", 10, "network"), digit_patterns(10, 1), "", seed);
}

}  // namespace nnfs::test
