// The book's toy datasets, generated in C++ with the engine's deterministic Rng.
//
// Spiral (nnfs.datasets.spiral_data): `classes` arms of `points` points each. For class c and
// i = 0 … points-1, with s = i / (points - 1):
//     r = s                                       radius, linspace(0, 1)
//     t = 4c + 4s + 0.2·ε,  ε ~ N(0, 1)          angle, linspace(4c, 4(c+1)) plus noise
//     x = (r·sin(2.5t), r·cos(2.5t)),  label c
// Samples are stored class after class, as the book does; features are floats of shape [2].
//
// Sine (nnfs.datasets.sine_data): x = i / samples for i = 0 … samples-1, y = sin(2πx), one
// regression target per sample. No randomness.
//
// Data specs, as `nnfs train --data` takes them:
//   spiral[:CLASSES[:POINTS]]   default 3 classes × 100 points
//   sine[:SAMPLES]              default 1000 samples
//   vertical[:CLASSES[:POINTS]] default 3 classes × 100 points (engine/data/playground_datasets.h)
//   circles|xor|moons[:POINTS]  two classes, default 100 points each, noise kTwoClassNoise
// A spec yields a training set and a test set of the same size: for the spiral a second draw
// with its own noise (the book's "new data from the same distribution"), for the sine the
// midpoints x = (i + 0.5) / samples between the training points.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "engine/data/dataset.h"

namespace nnfs {

// noise: the standard deviation of the angle's noise (the book's 0.2; the playground's slider).
Dataset spiral_data(std::size_t points, std::size_t classes, std::uint64_t seed, double noise = 0.2);
// offset in [0, 1): x = (i + offset) / samples.
Dataset sine_data(std::size_t samples, float offset = 0.0f);

struct ToyData {
  Dataset train, test;
};

// Seeds of the two spiral draws: fixed, so `evaluate --data spiral` sees the same test set
// as `train --data spiral` did.
inline constexpr std::uint64_t kSpiralTrainSeed = 0, kSpiralTestSeed = 1;
// Noise of the circles, xor and moons specs (the playground's default).
inline constexpr float kTwoClassNoise = 0.1f;

// The toy data named by `spec`, or nullopt when the spec does not name one (a directory, a file,
// "mnist", "fashion"). A malformed toy spec ("spiral:0", "sine:x") is an nnfs::Error.
std::optional<ToyData> toy_data_from_spec(const std::string& spec);

}  // namespace nnfs
