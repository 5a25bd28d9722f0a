// Pen-width normalisation for the drawing → MNIST preprocessing (preprocess.h, step 4).
//
// MNIST's digits come from NIST's binary scans of digits written with ordinary pens, so their
// strokes are a fairly steady share of the digit's size; after the anti-aliased downscale to
// 20 pixels those strokes are 2-3 pixels wide with full-intensity cores. A drawing made with a
// hairline pen turns into a faint grey thread at that size, one made with a marker into a blob.
// These functions measure a binary drawing's pen width and redraw it with another one.
//
//   width        the Euclidean distance transform d (pixel centre → nearest background pixel
//                centre) over a stroke of width w runs 1, 2, .. up the middle and back down, so its
//                mean over the ink is (w + 1)²/(4w) ≈ w/4 + 1/2: w ≈ 4·mean(d) - 2. Exact for
//                odd widths ≥ 3 (3 → 3.33, 5 → 5.2, 9 → 9.1), independent of the stroke's direction.
//   redraw       to change the width by Δ, grow the ink by the disc of radius Δ/2 (every pixel
//                within Δ/2 of ink becomes ink) or shrink it by -Δ/2 (ink closer than that to the
//                background goes): a stroke stays a stroke, only its width changes, and
//                loops, ends and junctions keep their places.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace nnfs {

// A binary drawing.
struct InkMask {
  std::size_t width = 0, height = 0;
  std::vector<std::uint8_t> ink;  // [height, width], 1 = ink, 0 = background
};

// The pen width in pixels (see above); 0 for a mask without ink.
double stroke_width(const InkMask& mask);

// The drawing redrawn with a pen of `width` pixels, cropped to the new ink's bounding box. When
// shrinking would leave nothing (a blob thinner than the shrink), the drawing comes back cropped
// but otherwise unchanged.
InkMask restroke(const InkMask& mask, double width);

// The bounding box of the ink, cut out; an empty mask for no ink.
InkMask crop_to_ink(const InkMask& mask);

}  // namespace nnfs
