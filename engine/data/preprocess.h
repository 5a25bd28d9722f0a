// Drawing → MNIST: turns a picture of one handwritten digit into a 28x28 image prepared the way
// MNIST's own digits were (LeCun et al.): NIST's binary scans (128x128) of digits written with
// ordinary pens, the ink's bounding box scaled to fit 20x20 keeping its aspect ratio with
// anti-aliasing, ink bright on a black background, and the centre of mass moved to the centre of
// the 28x28 field.
//
//   1. orientation  the median of the border pixels is the background; a light one (> 127) means
//                   dark ink on paper, and the image is inverted so ink is bright
//   2. levels       background b = that median, ink i = the brightest level after skipping a few
//                   stray pixels; u = clamp((v - t)/(i - t), 0, 1) with t = b + 25%·(i - b), so
//                   grey paper and its noise go to 0 and the ink to full intensity. Too little
//                   contrast (i - b < 32) or no pixel left above t: the image is empty
//   3. crop         to the bounding box of the ink (u > 0)
//   4. pen          the drawing binarised half-way between paper and ink (u ≥ 1/3) at NIST's
//                   resolution (longer side 65..128 pixels: an integer reduction where a block is
//                   ink if any of its pixels is, so hairlines survive, or an integer enlargement);
//                   a pen thinner than 9.1% or thicker than 17.5% of the longer side — the 10th
//                   and 90th percentiles of MNIST's own — is redrawn at that edge of the range
//                   (preprocess_stroke.h), so a hairline gets MNIST's full-intensity core after
//                   the downscale and a marker's blob opens up again
//   5. scale        the longer side of the drawing's box to 20 pixels, the other in proportion (at
//                   least 1 pixel), by area averaging: each output pixel is the mean of the source
//                   area it covers (the anti-aliasing that gives MNIST its grey edges)
//   6. centre       shift (whole pixels) so the centre of mass lands on (14, 14) — MNIST's
//                   training digits average (14.0, 14.0) ± 0.3 in 0-based pixel coordinates
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

#include "engine/data/image.h"

namespace nnfs {

inline constexpr std::size_t kMnistSide = 28;
inline constexpr std::size_t kMnistBox = 20;

struct MnistDigit {
  std::array<std::uint8_t, kMnistSide * kMnistSide> pixels{};  // [28, 28], 0 background, 255 ink
  bool inverted = false;       // the input was dark ink on a light background
  // The ink's bounding box in the input image.
  std::size_t left = 0, top = 0, width = 0, height = 0;
};

// nullopt when the image holds no ink (blank, or too little contrast to tell ink from paper).
std::optional<MnistDigit> preprocess_digit(const GrayImage& image);

// Steps 1 and 2 alone, at the input's size: ink 255 on a black background (0) for display and
// for drawing canvases. An empty image comes back black.
GrayImage normalize_ink(const GrayImage& image);

}  // namespace nnfs
