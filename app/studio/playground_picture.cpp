#include "app/studio/playground_picture.h"

#include <algorithm>
#include <array>

#include "app/studio/widgets/gl_texture.h"

namespace nnfs::studio {

namespace {

std::uint8_t channel(std::uint32_t rgba, int i) { return static_cast<std::uint8_t>(rgba >> (8 * i)); }

// a + (b − a)·t per channel, opaque.
std::uint32_t mix(std::uint32_t a, std::uint32_t b, float t) {
  std::array<std::uint8_t, 3> c{};
  for (int i = 0; i < 3; ++i)
    c[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(channel(a, i) + (channel(b, i) - channel(a, i)) * t + 0.5f);
  return rgba_pixel(c[0], c[1], c[2]);
}

}  // namespace

std::uint32_t playground_class_rgba(int label) {
  // Distinct on dark and light themes, and for the common colour-vision deficiencies
  // (orange/blue first, as the two-class sets use).
  static constexpr std::array<std::uint32_t, 8> colors = {
      0xff2a8ff5u, 0xffd9a03au, 0xff5fbf4cu, 0xffc06bd9u, 0xff4a4ae0u, 0xffb0b03cu, 0xff49d2f0u, 0xff9a7fe8u};
  return colors[static_cast<std::size_t>(label < 0 ? 0 : label) % colors.size()];
}

std::vector<std::uint32_t> boundary_pixels(const BoundaryGrid& grid, std::size_t classes, std::uint32_t background) {
  const float chance = classes > 1 ? 1.0f / static_cast<float>(classes) : 0.5f;
  std::vector<std::uint32_t> out(grid.label.size());
  for (std::size_t i = 0; i < out.size(); ++i) {
    // t: confidence above chance, 0..1; the colour goes from a tint (0.2) to strong (0.75).
    const float t = std::clamp((grid.confidence[i] - chance) / (1.0f - chance), 0.0f, 1.0f);
    out[i] = mix(background, playground_class_rgba(grid.label[i]), 0.2f + 0.55f * t);
  }
  return out;
}

PlaygroundPicture make_picture(const Model& model, const PlaneBounds& bounds, std::size_t cells,
                               std::uint32_t background, Workspace& ws) {
  PlaygroundPicture p;
  if (model.net.input_shape() == Shape{1}) {
    p.curve = fitted_curve(model.net, bounds.x0, bounds.x1, cells, ws);
    return p;
  }
  p.grid = compute_boundary(model.net, bounds, cells, ws);
  const std::size_t outputs = model.net.output_shape().empty() ? 1 : model.net.output_shape().back();
  p.pixels = boundary_pixels(p.grid, std::max<std::size_t>(2, outputs), background);
  return p;
}

}  // namespace nnfs::studio
