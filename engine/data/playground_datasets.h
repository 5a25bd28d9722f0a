// The playground's two-class toy problems and the book's vertical data, generated with the
// engine's deterministic Rng. Every set has features of shape [2] and class labels, samples stored
// class after class; `noise` is the standard deviation of the Gaussian added to each coordinate.
//
// Vertical (nnfs.datasets.vertical_data): class c of `classes` is a blob at
//     x = c / 3 + 0.1·ε₁,  y = 0.5 + 0.1·ε₂
// Circles: class 0 on the circle of radius 1, class 1 on radius 0.5, angle uniform in [0, 2π).
// XOR: points uniform in [-1, 1]², pushed 0.05 away from the axes; label 1 when x·y < 0.
// Moons: class 0 on (cos t, sin t), class 1 on (1 − cos t, 0.5 − sin t), t uniform in [0, π].
#pragma once

#include <cstddef>
#include <cstdint>

#include "engine/data/dataset.h"

namespace nnfs {

Dataset vertical_data(std::size_t points, std::size_t classes, std::uint64_t seed);
Dataset circles_data(std::size_t points, float noise, std::uint64_t seed);
Dataset xor_data(std::size_t points, float noise, std::uint64_t seed);
Dataset moons_data(std::size_t points, float noise, std::uint64_t seed);

}  // namespace nnfs
