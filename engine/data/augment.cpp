#include "engine/data/augment.h"

#include <cmath>

#include "engine/core/error.h"

namespace nnfs {

void AugmentConfig::validate() const {
  auto check = [](float v, const char* what) {
    if (!(std::isfinite(v) && v >= 0.0f))
      throw Error(std::string("augmentation ") + what + " must be a finite number >= 0, got " + std::to_string(v));
  };
  check(shift, "shift");
  check(rotation, "rotation");
  check(scale, "scale");
  check(shear, "shear");
  if (scale >= 1.0f) throw Error("augmentation scale must be below 1 (a factor 1 ± scale), got " + std::to_string(scale));
}

nlohmann::json AugmentConfig::to_json() const {
  return {{"shift", shift}, {"rotation", rotation}, {"scale", scale}, {"shear", shear}};
}

// A = s·R(θ)·Sh(k) = s·[[cos θ, k·cos θ - sin θ], [sin θ, k·sin θ + cos θ]]
// M = A⁻¹ = (1/det A)·[[a11, -a01], [-a10, a00]],  t' = c - M·(c + t)
Affine2D random_affine(const AugmentConfig& config, std::size_t h, std::size_t w, Rng& rng) {
  constexpr float kDegree = 3.14159265f / 180.0f;
  const float theta = rng.uniform(-config.rotation, config.rotation) * kDegree;
  const float s = rng.uniform(1.0f - config.scale, 1.0f + config.scale);
  const float k = rng.uniform(-config.shear, config.shear);
  const float tx = rng.uniform(-config.shift, config.shift);
  const float ty = rng.uniform(-config.shift, config.shift);

  const float c = std::cos(theta), sn = std::sin(theta);
  const float a00 = s * c, a01 = s * (k * c - sn), a10 = s * sn, a11 = s * (k * sn + c);
  const float det = a00 * a11 - a01 * a10;  // = s² (shear and rotation keep area)
  Affine2D m;
  m.m00 = a11 / det;
  m.m01 = -a01 / det;
  m.m10 = -a10 / det;
  m.m11 = a00 / det;
  const float cx = 0.5f * static_cast<float>(w - 1), cy = 0.5f * static_cast<float>(h - 1);
  m.tx = cx - (m.m00 * (cx + tx) + m.m01 * (cy + ty));
  m.ty = cy - (m.m10 * (cx + tx) + m.m11 * (cy + ty));
  return m;
}

// Bilinear: with (x0, y0) = floor(src) and fractions (fx, fy),
//   v = (1-fy)·((1-fx)·p[y0,x0] + fx·p[y0,x0+1]) + fy·((1-fx)·p[y0+1,x0] + fx·p[y0+1,x0+1])
void warp_affine(const std::uint8_t* src, std::size_t planes, std::size_t h, std::size_t w,
                 const Affine2D& m, PixelScaling scaling, float* dst) {
  const long hl = static_cast<long>(h), wl = static_cast<long>(w);
  for (std::size_t plane = 0; plane < planes; ++plane) {
    const std::uint8_t* in = src + plane * h * w;
    auto pixel = [&](long y, long x) -> float {
      return (y < 0 || x < 0 || y >= hl || x >= wl) ? 0.0f : static_cast<float>(in[y * wl + x]);
    };
    for (std::size_t y = 0; y < h; ++y) {
      const auto fy_out = static_cast<float>(y);
      for (std::size_t x = 0; x < w; ++x, ++dst) {
        const auto fx_out = static_cast<float>(x);
        const float sx = m.m00 * fx_out + m.m01 * fy_out + m.tx;
        const float sy = m.m10 * fx_out + m.m11 * fy_out + m.ty;
        const float x0f = std::floor(sx), y0f = std::floor(sy);
        const long x0 = static_cast<long>(x0f), y0 = static_cast<long>(y0f);
        float v = 0.0f;
        if (x0 >= -1 && y0 >= -1 && x0 < wl && y0 < hl) {
          const float fx = sx - x0f, fy = sy - y0f;
          v = (1.0f - fy) * ((1.0f - fx) * pixel(y0, x0) + fx * pixel(y0, x0 + 1)) +
              fy * ((1.0f - fx) * pixel(y0 + 1, x0) + fx * pixel(y0 + 1, x0 + 1));
        }
        *dst = v * scaling.scale + scaling.offset;
      }
    }
  }
}

}  // namespace nnfs
