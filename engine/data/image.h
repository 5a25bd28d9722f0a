// Image files: PNG, JPEG, BMP, GIF (first frame), TGA, PSD, PNM… as 8-bit pixels, decoded by
// stb_image (Debian's libstb). Grayscale, gray + alpha, RGB or RGBA.
//
// Limits are checked before decoding: the file size before reading it, the width and height
// from the image header before allocating pixels, so a small file that declares a
// 100000 x 100000 image is refused instead of decoded.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace nnfs {

struct Image {
  std::size_t width = 0, height = 0;
  std::size_t channels = 0;           // 1 gray, 2 gray + alpha, 3 RGB, 4 RGBA
  std::vector<std::uint8_t> pixels;   // [height, width, channels], rows top to bottom
};

struct GrayImage {
  std::size_t width = 0, height = 0;
  std::vector<std::uint8_t> pixels;   // [height, width], 0 = black
  std::uint8_t at(std::size_t x, std::size_t y) const { return pixels[y * width + x]; }
};

struct ImageLimits {
  std::uint64_t max_file_bytes = 64u << 20;  // 64 MiB
  std::size_t max_side = 16384;              // pixels, width and height
  std::size_t max_pixels = 40'000'000;       // width·height
};

// Throws nnfs::Error naming the file: missing, too large, not an image, corrupt.
Image load_image(const std::string& path, const ImageLimits& limits = {});
Image decode_image(std::span<const std::uint8_t> bytes, const std::string& source,
                   const ImageLimits& limits = {});

// Luminance Y = 0.299·R + 0.587·G + 0.114·B. Transparent parts are composited over a backdrop
// that contrasts with the opaque pixels (white behind dark ink, black behind light ink), so a
// drawing on a transparent canvas stays visible whatever colour its ink is.
GrayImage to_gray(const Image& image);

// By extension (case-insensitive): png, jpg, jpeg, bmp, gif, tga, psd, pgm, ppm, pnm.
bool has_image_extension(const std::string& path);

// By the first bytes, whatever the name: PNG (89 50 4E 47 0D 0A 1A 0A), JPEG (FF D8 FF),
// BMP ("BM" and a known header size), GIF ("GIF87a"/"GIF89a") — the formats whose files start
// with a signature.
bool has_image_signature(std::span<const std::uint8_t> head);
// The same for the first bytes of a file; false when it cannot be opened or read (or is not a
// regular file: the reader that opens it next says why).
bool file_has_image_signature(const std::string& path);

// An image format stb_image cannot read — "TIFF", "WebP", "HEIC", "AVIF", "JPEG 2000", "JPEG XL" —
// recognised by the first bytes, or else by the extension; "" when neither says so.
std::string unsupported_image_format(std::span<const std::uint8_t> head, const std::string& path);
// "x.tiff: TIFF images are not supported (PNG, JPEG, BMP, GIF, TGA, PSD or PNM expected)"
std::string unsupported_image_message(const std::string& path, const std::string& format);

}  // namespace nnfs
