// libFuzzer target: image files (engine/data/image, stb_image) and the drawing → MNIST
// preprocessing (engine/data/preprocess) applied to whatever decodes. Limits are tightened so a
// header claiming a large image is refused the same way a 100000 x 100000 one is, quickly.
#include <cstdint>
#include <span>

#include "engine/data/image.h"
#include "engine/data/preprocess.h"
#include "tests/fuzz/fuzz_util.h"

using namespace nnfs;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  ImageLimits limits;
  limits.max_side = 2048;
  limits.max_pixels = 1u << 20;
  fuzz::expect_clean_error([&] {
    const Image image = decode_image(std::span<const std::uint8_t>(data, size), "fuzz.img", limits);
    if (image.width == 0 || image.height == 0 || image.width > limits.max_side || image.height > limits.max_side ||
        image.width * image.height > limits.max_pixels)
      fuzz::property_failed("an image outside the limits was decoded");
    if (image.channels < 1 || image.channels > 4 ||
        image.pixels.size() != image.width * image.height * image.channels)
      fuzz::property_failed("pixel buffer does not match width x height x channels");
    const GrayImage gray = to_gray(image);
    if (gray.pixels.size() != gray.width * gray.height) fuzz::property_failed("gray size");
    const GrayImage ink = normalize_ink(gray);
    if (ink.pixels.size() != gray.pixels.size()) fuzz::property_failed("normalize_ink changed the size");
    if (const auto digit = preprocess_digit(gray)) {
      if (digit->width == 0 || digit->height == 0 || digit->left + digit->width > gray.width ||
          digit->top + digit->height > gray.height)
        fuzz::property_failed("ink box outside the image");
    }
  });
  return 0;
}
