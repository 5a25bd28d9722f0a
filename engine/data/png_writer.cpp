#include "engine/data/png_writer.h"

#include <span>

#include <stb/stb_image_write.h>

#include "engine/core/error.h"
#include "engine/util/atomic_file.h"

namespace nnfs {
namespace {
void append(void* context, void* data, int size) {
  auto* out = static_cast<std::vector<std::byte>*>(context);
  const auto* bytes = static_cast<const std::byte*>(data);
  out->insert(out->end(), bytes, bytes + size);
}
}  // namespace

std::vector<std::byte> encode_png(const GrayImage& image) {
  std::vector<std::byte> png;
  const int w = static_cast<int>(image.width), h = static_cast<int>(image.height);
  if (image.pixels.size() != image.width * image.height || w <= 0 || h <= 0 ||
      !stbi_write_png_to_func(append, &png, w, h, 1, image.pixels.data(), w))
    throw Error("cannot encode a " + std::to_string(w) + "x" + std::to_string(h) + " PNG image");
  return png;
}

void write_png(const GrayImage& image, const std::string& path) {
  std::vector<std::byte> png;
  try {
    png = encode_png(image);
  } catch (const Error& e) {
    throw Error(path + ": " + e.what());
  }
  write_file_atomically(path, std::span<const std::byte>(png));
}

}  // namespace nnfs
