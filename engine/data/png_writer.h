// PNG encoding of 8-bit grayscale images (stb_image_write, Debian's libstb), written atomically.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "engine/data/image.h"

namespace nnfs {

std::vector<std::byte> encode_png(const GrayImage& image);
// Throws nnfs::Error naming the path when encoding or writing fails (engine/util/atomic_file.h).
void write_png(const GrayImage& image, const std::string& path);

}  // namespace nnfs
