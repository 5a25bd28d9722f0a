#include "engine/data/image.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <filesystem>
#include <memory>
#include <optional>
#include <utility>

#include <stb/stb_image.h>

#include "engine/core/error.h"
#include "engine/util/atomic_file.h"
#include "engine/util/input_file.h"

namespace nnfs {

namespace {
// stb_image's reason for the last failure, as one line; it is not always set (or may be a stray
// newline) for corrupt data, so fall back to saying that.
std::string decoder_reason() {
  std::string_view reason = stbi_failure_reason() ? stbi_failure_reason() : "";
  while (!reason.empty() && std::isspace(static_cast<unsigned char>(reason.back()))) reason.remove_suffix(1);
  return reason.empty() ? "corrupt or unsupported image data" : printable(reason);
}

// Width and height from a PNG's IHDR chunk (big-endian, bytes 16-23), when the bytes start like a
// PNG. stb_image refuses a PNG whose size needs more than 2^30 bytes without keeping a reason (a
// later format's "unknown image type" replaces it), so the size is read here to say why.
std::optional<std::pair<std::size_t, std::size_t>> png_header_size(std::span<const std::uint8_t> bytes) {
  static constexpr std::uint8_t kSignature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  if (bytes.size() < 24 || !std::equal(kSignature, kSignature + 8, bytes.begin()) ||
      std::memcmp(bytes.data() + 12, "IHDR", 4) != 0)
    return std::nullopt;
  auto be32 = [&](std::size_t at) {
    return std::size_t{bytes[at]} << 24 | std::size_t{bytes[at + 1]} << 16 | std::size_t{bytes[at + 2]} << 8 |
           std::size_t{bytes[at + 3]};
  };
  return std::make_pair(be32(16), be32(20));
}

// Refuses an image of width x height beyond `limits`, before any pixel memory is allocated.
void check_size(std::size_t width, std::size_t height, const std::string& source, const ImageLimits& limits) {
  if (width > limits.max_side || height > limits.max_side || width * height > limits.max_pixels)
    throw Error(source + ": image is " + std::to_string(width) + "x" + std::to_string(height) +
                " pixels, larger than the limit of " + std::to_string(limits.max_side) + " per side and " +
                std::to_string(limits.max_pixels) + " in all");
}
}  // namespace

Image load_image(const std::string& path, const ImageLimits& limits) {
  const std::vector<std::byte> bytes = read_file(path, limits.max_file_bytes);
  return decode_image({reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()}, path, limits);
}

Image decode_image(std::span<const std::uint8_t> bytes, const std::string& source, const ImageLimits& limits) {
  if (bytes.size() > limits.max_file_bytes)
    throw Error(source + ": " + std::to_string(bytes.size()) + " bytes, more than the image limit of " +
                std::to_string(limits.max_file_bytes));
  if (bytes.size() > static_cast<std::size_t>(INT32_MAX)) throw Error(source + ": image data too large");
  const int length = static_cast<int>(bytes.size());
  int w = 0, h = 0, channels = 0;
  // The header only: dimensions and channels, nothing allocated for pixels yet.
  if (!stbi_info_from_memory(bytes.data(), length, &w, &h, &channels)) {
    if (const std::string format = unsupported_image_format(bytes, source); !format.empty())
      throw Error(unsupported_image_message(source, format));
    if (const auto png = png_header_size(bytes)) check_size(png->first, png->second, source, limits);
    throw Error(source + ": not a readable image (PNG, JPEG, BMP, GIF, TGA, PSD or PNM expected): " +
                decoder_reason());
  }
  const auto width = static_cast<std::size_t>(w), height = static_cast<std::size_t>(h);
  if (w <= 0 || h <= 0) throw Error(source + ": image has no pixels");
  check_size(width, height, source, limits);
  if (channels < 1 || channels > 4) throw Error(source + ": unsupported channel count " + std::to_string(channels));

  std::unique_ptr<stbi_uc, void (*)(void*)> data(stbi_load_from_memory(bytes.data(), length, &w, &h, &channels, 0),
                                                 stbi_image_free);
  if (!data) throw Error(source + ": cannot decode the image: " + decoder_reason());
  Image image;
  image.width = static_cast<std::size_t>(w);
  image.height = static_cast<std::size_t>(h);
  image.channels = static_cast<std::size_t>(channels);
  image.pixels.assign(data.get(), data.get() + image.width * image.height * image.channels);
  return image;
}

GrayImage to_gray(const Image& image) {
  const std::size_t n = image.width * image.height, c = image.channels;
  const bool color = c >= 3, alpha = c == 2 || c == 4;
  auto luminance = [&](std::size_t i) -> float {
    const std::uint8_t* p = image.pixels.data() + i * c;
    return color ? 0.299f * p[0] + 0.587f * p[1] + 0.114f * p[2] : static_cast<float>(p[0]);
  };
  // Backdrop for transparent pixels: the opposite of the mean opaque luminance.
  float backdrop = 255.0f;
  if (alpha) {
    double sum = 0.0, weight = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      const float a = image.pixels[i * c + c - 1] / 255.0f;
      sum += a * luminance(i);
      weight += a;
    }
    backdrop = weight > 0.0 && sum / weight > 127.5 ? 0.0f : 255.0f;
  }
  GrayImage gray{image.width, image.height, std::vector<std::uint8_t>(n)};
  for (std::size_t i = 0; i < n; ++i) {
    float y = luminance(i);
    if (alpha) {
      const float a = image.pixels[i * c + c - 1] / 255.0f;
      y = a * y + (1.0f - a) * backdrop;
    }
    gray.pixels[i] = static_cast<std::uint8_t>(std::clamp(y + 0.5f, 0.0f, 255.0f));
  }
  return gray;
}

bool has_image_extension(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  for (const char* known : {".png", ".jpg", ".jpeg", ".bmp", ".gif", ".tga", ".psd", ".pgm", ".ppm", ".pnm"})
    if (ext == known) return true;
  return false;
}

bool has_image_signature(std::span<const std::uint8_t> head) {
  auto starts_with = [&](const char* magic, std::size_t n) {
    return head.size() >= n && std::memcmp(head.data(), magic, n) == 0;
  };
  // BMP: "BM", then at byte 14 the size of the DIB header that follows, one of a few known values
  // (two letters alone would take a text file that starts with "BM" for an image).
  auto bmp = [&] {
    if (!starts_with("BM", 2) || head.size() < 18) return false;
    const std::uint32_t dib = head[14] | head[15] << 8 | head[16] << 16 | static_cast<std::uint32_t>(head[17]) << 24;
    return dib == 12 || dib == 40 || dib == 52 || dib == 56 || dib == 64 || dib == 108 || dib == 124;
  };
  return starts_with("\x89PNG\r\n\x1a\n", 8) || starts_with("\xff\xd8\xff", 3) || bmp() ||
         starts_with("GIF87a", 6) || starts_with("GIF89a", 6);
}

bool file_has_image_signature(const std::string& path) {
  try {
    return has_image_signature(read_file_head(path, 18));
  } catch (const Error&) {
    return false;
  }
}

std::string unsupported_image_format(std::span<const std::uint8_t> head, const std::string& path) {
  auto at = [&](std::size_t offset, std::string_view magic) {
    return head.size() >= offset + magic.size() && std::memcmp(head.data() + offset, magic.data(), magic.size()) == 0;
  };
  using namespace std::string_view_literals;
  if (has_image_signature(head)) return "";  // a readable format, whatever the name says
  if (at(0, "II*\0"sv) || at(0, "MM\0*"sv)) return "TIFF";
  if (at(0, "RIFF"sv) && at(8, "WEBP"sv)) return "WebP";
  if (at(4, "ftypavif"sv) || at(4, "ftypavis"sv)) return "AVIF";
  if (at(4, "ftyphei"sv) || at(4, "ftypmif1"sv) || at(4, "ftypheix"sv)) return "HEIC";
  if (at(0, "\0\0\0\x0cjP  "sv) || at(0, "\xff\x4f\xff\x51"sv)) return "JPEG 2000";
  if (at(0, "\xff\x0a"sv) || at(0, "\0\0\0\x0cJXL "sv)) return "JPEG XL";
  std::string ext = std::filesystem::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  if (ext == ".tif" || ext == ".tiff") return "TIFF";
  if (ext == ".webp") return "WebP";
  if (ext == ".avif") return "AVIF";
  if (ext == ".heic" || ext == ".heif") return "HEIC";
  if (ext == ".jp2" || ext == ".j2k") return "JPEG 2000";
  if (ext == ".jxl") return "JPEG XL";
  return "";
}

std::string unsupported_image_message(const std::string& path, const std::string& format) {
  return path + ": " + format + " images are not supported (PNG, JPEG, BMP, GIF, TGA, PSD or PNM expected)";
}

}  // namespace nnfs
