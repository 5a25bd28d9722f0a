// Data augmentation: a random affine transform per training image (shift, rotation, scale,
// shear), so the network sees digits placed and drawn a little differently every epoch.
//
// The transform maps each output pixel back to a source position (inverse mapping, so every
// output pixel gets exactly one value) around the image centre c:
//
//   src = A⁻¹·(dst - c - t) + c,   A = s·R(θ)·[[1, k], [0, 1]]
//   θ ~ U(±rotation°), s ~ U(1 ± scale), k ~ U(±shear), t ~ U(±shift px)²
//
// and samples the source bilinearly, with 0 (background) outside the image. Everything random
// comes from the Rng passed in: the trainer seeds one per (run seed, epoch, sample), so a run is
// reproducible whatever thread prepares the batch.
#pragma once

#include <cstddef>
#include <cstdint>

#include <nlohmann/json.hpp>

#include "engine/core/rng.h"
#include "engine/data/dataset.h"

namespace nnfs {

struct AugmentConfig {
  float shift = 2.0f;      // pixels, in x and in y
  float rotation = 10.0f;  // degrees
  float scale = 0.1f;      // relative
  float shear = 0.15f;     // x += k·y

  void validate() const;   // throws nnfs::Error naming a negative or non-finite setting
  nlohmann::json to_json() const;
  bool operator==(const AugmentConfig&) const = default;
};

// src = M·dst + t in pixel coordinates (x right, y down).
struct Affine2D {
  float m00 = 1, m01 = 0, m10 = 0, m11 = 1;
  float tx = 0, ty = 0;
};

Affine2D random_affine(const AugmentConfig& config, std::size_t h, std::size_t w, Rng& rng);

// dst[y, x] = bilinear(src, M·(x, y) + t)·scale + offset for each of `planes` h x w planes;
// positions outside the image read 0.
void warp_affine(const std::uint8_t* src, std::size_t planes, std::size_t h, std::size_t w,
                 const Affine2D& m, PixelScaling scaling, float* dst);

}  // namespace nnfs
