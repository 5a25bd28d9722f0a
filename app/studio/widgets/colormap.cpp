#include "app/studio/widgets/colormap.h"

#include <algorithm>
#include <cmath>

#include "app/studio/widgets/gl_texture.h"

namespace nnfs::studio {

std::uint32_t diverging_color(float value, float max_abs, std::uint8_t middle) {
  const float t = max_abs > 0.0f && std::isfinite(value) ? std::clamp(value / max_abs, -1.0f, 1.0f) : 0.0f;
  // The ends: ColorBrewer's RdBu blue and red.
  const float end_r = t < 0 ? 33.0f : 214.0f, end_g = t < 0 ? 102.0f : 47.0f, end_b = t < 0 ? 172.0f : 39.0f;
  const float a = std::fabs(t), m = static_cast<float>(middle);
  const auto mix = [&](float e) { return static_cast<std::uint8_t>(std::lround(m + (e - m) * a)); };
  return rgba_pixel(mix(end_r), mix(end_g), mix(end_b));
}

}  // namespace nnfs::studio
