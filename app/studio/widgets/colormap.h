// Colour maps for pictures of weights and activations, packed as texture pixels (rgba_pixel).
#pragma once

#include <cstdint>

namespace nnfs::studio {

// A diverging map symmetric around 0: -max_abs is full blue, 0 the `middle` grey (light or dark,
// to match the theme), +max_abs full red; values beyond are clamped. max_abs <= 0 gives `middle`.
std::uint32_t diverging_color(float value, float max_abs, std::uint8_t middle);

}  // namespace nnfs::studio
