// GlTexture: an RGBA8 OpenGL texture owned by the UI thread, shown with ImGui::Image.
#pragma once

#include <cstdint>

#include <imgui.h>

namespace nnfs::studio {

class GlTexture {
 public:
  GlTexture() = default;
  ~GlTexture();
  GlTexture(const GlTexture&) = delete;
  GlTexture& operator=(const GlTexture&) = delete;
  GlTexture(GlTexture&& other) noexcept;
  GlTexture& operator=(GlTexture&& other) noexcept;

  // (Re)allocates width x height and uploads `rgba` (may be null: contents undefined).
  // `smooth` selects linear filtering; otherwise nearest (crisp pixels for the 28x28 view).
  void allocate(int width, int height, const std::uint32_t* rgba, bool smooth);
  // Replaces the rectangle (x, y, w, h); `rgba` holds w*h pixels, rows of w.
  void update(int x, int y, int w, int h, const std::uint32_t* rgba);

  bool valid() const { return id_ != 0; }
  int width() const { return width_; }
  int height() const { return height_; }
  ImTextureID imgui_id() const;

 private:
  void release();
  unsigned int id_ = 0;
  int width_ = 0, height_ = 0;
};

// Packs a colour for texture uploads (bytes R, G, B, A in memory).
inline std::uint32_t rgba_pixel(std::uint8_t r, std::uint8_t g, std::uint8_t b, std::uint8_t a = 255) {
  return static_cast<std::uint32_t>(r) | static_cast<std::uint32_t>(g) << 8 |
         static_cast<std::uint32_t>(b) << 16 | static_cast<std::uint32_t>(a) << 24;
}

}  // namespace nnfs::studio
