#include "app/studio/screenshot.h"

#include <algorithm>
#include <cstddef>
#include <span>

#include <GL/gl.h>
#include <stb/stb_image_write.h>

#include "engine/core/error.h"
#include "engine/util/atomic_file.h"

namespace nnfs::studio {

namespace {
void append(void* context, void* data, int size) {
  auto* out = static_cast<std::vector<std::byte>*>(context);
  const auto* bytes = static_cast<const std::byte*>(data);
  out->insert(out->end(), bytes, bytes + size);
}

void write_png(const std::string& path, const std::uint8_t* pixels, int width, int height, int channels) {
  std::vector<std::byte> png;
  if (!stbi_write_png_to_func(append, &png, width, height, channels, pixels, width * channels))
    throw Error(path + ": cannot encode the PNG image");
  write_file_atomically(path, std::span<const std::byte>(png));
}
}  // namespace

void write_screenshot(const std::string& path, int width, int height) {
  if (width <= 0 || height <= 0) throw Error(path + ": the window has no pixels to capture");
  write_screenshot_region(path, width, height, 0, 0, width, height);
}

void write_screenshot_region(const std::string& path, int fb_width, int fb_height, int x, int y, int width,
                             int height) {
  const int x0 = std::clamp(x, 0, fb_width), y0 = std::clamp(y, 0, fb_height);
  width = std::clamp(x + width, 0, fb_width) - x0;
  height = std::clamp(y + height, 0, fb_height) - y0;
  if (width <= 0 || height <= 0) throw Error(path + ": the region has no pixels to capture");
  std::vector<std::uint8_t> rgba(static_cast<std::size_t>(width) * height * 4);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadBuffer(GL_BACK);
  glReadPixels(x0, fb_height - y0 - height, width, height, GL_RGBA, GL_UNSIGNED_BYTE, rgba.data());
  // OpenGL's rows go bottom-up; PNG's top-down. Alpha is forced opaque.
  std::vector<std::uint8_t> flipped(rgba.size());
  const std::size_t row = static_cast<std::size_t>(width) * 4;
  for (int r = 0; r < height; ++r) {
    const std::uint8_t* src = rgba.data() + static_cast<std::size_t>(height - 1 - r) * row;
    std::uint8_t* dst = flipped.data() + static_cast<std::size_t>(r) * row;
    for (std::size_t i = 0; i < row; i += 4) dst[i] = src[i], dst[i + 1] = src[i + 1], dst[i + 2] = src[i + 2], dst[i + 3] = 255;
  }
  write_png(path, flipped.data(), width, height, 4);
}

void write_gray_png(const std::string& path, const std::vector<std::uint8_t>& pixels, int width, int height) {
  write_png(path, pixels.data(), width, height, 1);
}

}  // namespace nnfs::studio
