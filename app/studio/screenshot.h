// PNG files written by the studio: window screenshots (glReadPixels of the back buffer) and the
// canvas export. Both are written atomically; failures throw nnfs::Error naming the file.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace nnfs::studio {

// Reads the current framebuffer (call after rendering, before swapping) and writes it as PNG.
void write_screenshot(const std::string& path, int framebuffer_width, int framebuffer_height);
// The same for the rectangle x, y, width, height of it (framebuffer pixels, origin top left;
// clipped to the framebuffer).
void write_screenshot_region(const std::string& path, int framebuffer_width, int framebuffer_height, int x, int y,
                             int width, int height);

// An 8-bit grayscale PNG of `pixels` ([height, width], 0 = black).
void write_gray_png(const std::string& path, const std::vector<std::uint8_t>& pixels, int width, int height);

}  // namespace nnfs::studio
