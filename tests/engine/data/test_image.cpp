#include <catch2/catch.hpp>

#include <stb/stb_image_write.h>

#include "engine/core/error.h"
#include "engine/data/image.h"
#include "support/temp_dir.h"

using namespace nnfs;
using Catch::Matchers::Contains;

namespace {

std::string write_png(const test::TempDir& dir, const char* name, int w, int h, int channels,
                      const std::vector<std::uint8_t>& pixels) {
  const std::string path = dir.file(name);
  REQUIRE(stbi_write_png(path.c_str(), w, h, channels, pixels.data(), w * channels) != 0);
  return path;
}

}  // namespace

TEST_CASE("image: PNG and BMP files load as gray, gray+alpha, RGB or RGBA", "[data][image]") {
  test::TempDir dir;
  const std::vector<std::uint8_t> rgb = {255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30, 40, 50, 60, 70, 80, 90};
  const Image a = load_image(write_png(dir, "rgb.png", 3, 2, 3, rgb));
  CHECK(a.width == 3);
  CHECK(a.height == 2);
  CHECK(a.channels == 3);
  CHECK(a.pixels == rgb);
  const std::string bmp = dir.file("g.bmp");
  const std::vector<std::uint8_t> gray = {0, 100, 200, 255};
  REQUIRE(stbi_write_bmp(bmp.c_str(), 2, 2, 1, gray.data()) != 0);
  const Image b = load_image(bmp);
  REQUIRE(b.width == 2);
  const GrayImage g = to_gray(b);
  CHECK(g.pixels == gray);
  CHECK(load_image(write_png(dir, "ga.png", 2, 1, 2, {9, 255, 7, 0})).channels == 2);
}

TEST_CASE("image: luminance, and transparency over a contrasting backdrop", "[data][image]") {
  Image rgb{3, 1, 3, {255, 0, 0, 0, 255, 0, 0, 0, 255}};
  CHECK(to_gray(rgb).pixels == std::vector<std::uint8_t>{76, 150, 29});
  // Black ink on a transparent canvas: the backdrop is white, the ink stays black.
  Image dark{3, 1, 4, {0, 0, 0, 255, 0, 0, 0, 0, 0, 0, 0, 0}};
  CHECK(to_gray(dark).pixels == std::vector<std::uint8_t>{0, 255, 255});
  // White ink on a transparent canvas: a black backdrop.
  Image light{2, 1, 4, {255, 255, 255, 255, 255, 255, 255, 0}};
  CHECK(to_gray(light).pixels == std::vector<std::uint8_t>{255, 0});
}

TEST_CASE("image: unreadable files and oversized images are refused with the file named", "[data][image]") {
  test::TempDir dir;
  const std::string text = dir.write_text("notes.png", "this is not a picture");
  CHECK_THROWS_WITH(load_image(text), Contains("notes.png") && Contains("not a readable image"));
  CHECK_THROWS_WITH(load_image(dir.file("missing.png")), Contains("missing.png"));

  // A BMP header declaring 20000 x 20000 pixels in a 60-byte file: refused from the header,
  // before any pixel memory is allocated.
  std::vector<unsigned char> bmp(60, 0);
  auto put32 = [&](std::size_t at, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) bmp[at + static_cast<std::size_t>(i)] = static_cast<unsigned char>(v >> (8 * i));
  };
  bmp[0] = 'B', bmp[1] = 'M';
  put32(2, 60);
  put32(10, 54);     // pixel data offset
  put32(14, 40);     // BITMAPINFOHEADER
  put32(18, 20000);  // width
  put32(22, 20000);  // height
  bmp[26] = 1;       // planes
  bmp[28] = 24;      // bits per pixel
  const std::string big = dir.write_bytes("big.bmp", bmp);
  CHECK_THROWS_WITH(load_image(big), Contains("big.bmp") && Contains("20000x20000") && Contains("limit"));

  // A PNG header declaring 100000 x 100000 pixels: stb_image refuses it without a reason of its
  // own; the message still gives the size and the limit.
  std::vector<unsigned char> png = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
  for (const std::uint32_t side : {100000u, 100000u})
    for (int i = 3; i >= 0; --i) png.push_back(static_cast<unsigned char>(side >> (8 * i)));
  png.insert(png.end(), {8, 0, 0, 0, 0, 0, 0, 0, 0});  // 8-bit gray, CRC not checked
  const std::string huge = dir.write_bytes("huge.png", png);
  CHECK_THROWS_WITH(load_image(huge),
                    huge + ": image is 100000x100000 pixels, larger than the limit of 16384 per side and 40000000 in all");

  ImageLimits tight;
  tight.max_file_bytes = 10;
  CHECK_THROWS_WITH(load_image(text, tight), Contains("notes.png"));
}

TEST_CASE("image: extensions that name image files", "[data][image]") {
  CHECK(has_image_extension("a/b/digit.PNG"));
  CHECK(has_image_extension("x.jpeg"));
  CHECK_FALSE(has_image_extension("train.csv"));
  CHECK_FALSE(has_image_extension("png"));
}

TEST_CASE("image: files told by their first bytes whatever their name", "[data][image]") {
  test::TempDir dir;
  const std::vector<std::uint8_t> gray = {0, 100, 200, 255};
  const std::string png = dir.file("digit.data");
  REQUIRE(stbi_write_png(png.c_str(), 2, 2, 1, gray.data(), 2) != 0);
  const std::string bmp = dir.file("digit");
  REQUIRE(stbi_write_bmp(bmp.c_str(), 2, 2, 1, gray.data()) != 0);
  const std::string jpg = dir.file("photo.bin");
  REQUIRE(stbi_write_jpg(jpg.c_str(), 2, 2, 1, gray.data(), 90) != 0);
  CHECK(file_has_image_signature(png));
  CHECK(file_has_image_signature(bmp));
  CHECK(file_has_image_signature(jpg));
  CHECK(file_has_image_signature(dir.write_text("anim.gif", "GIF89a")));
  // Text that happens to start like a BMP, a CSV, an IDX file, a short or missing file: no.
  CHECK_FALSE(file_has_image_signature(dir.write_text("notes.txt", "BMI of the patients, one per line\n")));
  CHECK_FALSE(file_has_image_signature(dir.write_text("train.csv", "label,1x1,1x2\n5,0,0\n")));
  CHECK_FALSE(file_has_image_signature(dir.write_bytes("images.idx", {0, 0, 8, 3, 0, 0, 0, 1})));
  CHECK_FALSE(file_has_image_signature(dir.write_bytes("short", {0x89, 'P'})));
  CHECK_FALSE(file_has_image_signature(dir.file("missing.png")));
}
