// Writes the image seeds in tests/fuzz/corpus/image/ with stb_image_write (Debian libstb-dev):
//   g++ tests/fuzz/make_image_seeds.cpp -o /tmp/mk && /tmp/mk tests/fuzz/corpus/image
#define STB_IMAGE_WRITE_IMPLEMENTATION
#include <stb/stb_image_write.h>
#include <vector>
#include <cstdio>
#include <string>
int main(int, char** argv) {
  std::string d = argv[1];
  const int w = 12, h = 10;
  std::vector<unsigned char> g(w * h, 255), rgb(w * h * 3, 250), rgba(w * h * 4, 0);
  for (int i = 0; i < 6; ++i) { int x = 3 + i, y1 = 2 + i * 5 / 6, y2 = 7 - i * 5 / 6;
    g[y1 * w + x] = 0; g[y2 * w + x] = 0;
    for (int c = 0; c < 3; ++c) { rgb[(y1 * w + x) * 3 + c] = 20; rgb[(y2 * w + x) * 3 + c] = 20; }
    for (int c = 0; c < 4; ++c) { rgba[(y1 * w + x) * 4 + c] = 255; } }
  stbi_write_png((d + "/gray.png").c_str(), w, h, 1, g.data(), w);
  stbi_write_png((d + "/rgb.png").c_str(), w, h, 3, rgb.data(), w * 3);
  stbi_write_png((d + "/rgba-transparent.png").c_str(), w, h, 4, rgba.data(), w * 4);
  stbi_write_bmp((d + "/rgb.bmp").c_str(), w, h, 3, rgb.data());
  stbi_write_tga((d + "/gray.tga").c_str(), w, h, 1, g.data());
  stbi_write_jpg((d + "/rgb.jpg").c_str(), w, h, 3, rgb.data(), 80);
  stbi_write_jpg((d + "/gray.jpg").c_str(), w, h, 1, g.data(), 50);
  std::FILE* f = std::fopen((d + "/gray.pgm").c_str(), "wb");
  std::fprintf(f, "P5\n%d %d\n255\n", w, h); std::fwrite(g.data(), 1, g.size(), f); std::fclose(f);
  // 1x1 GIF89a (the classic 35-byte transparent pixel, here opaque black)
  const unsigned char gif[] = {0x47,0x49,0x46,0x38,0x39,0x61,0x01,0x00,0x01,0x00,0x80,0x00,0x00,0x00,0x00,0x00,
                               0xff,0xff,0xff,0x2c,0x00,0x00,0x00,0x00,0x01,0x00,0x01,0x00,0x00,0x02,0x02,0x44,0x01,0x00,0x3b};
  f = std::fopen((d + "/pixel.gif").c_str(), "wb"); std::fwrite(gif, 1, sizeof gif, f); std::fclose(f);
}
