// Redrawn MNIST: MNIST *test* digits re-rendered the way people draw them, then scored by the
// bundled models two ways (acceptance 3 of the CNN issue).
//
//   nnfs_bench_redrawn [--data data/mnist] [--count 10000] [--seed 1] [--out DIR]
//                      [model.safetensors ...]   (default: the three bundled models)
//
// Rendering, one PNG per test digit, all choices drawn from Rng(seed):
//   canvas   random aspect ratio 1:2 .. 2:1, longer side 96..256 pixels
//   size     the digit's longer side is 30..90% of the canvas's shorter side
//   place    uniformly anywhere the digit fits, so usually off-centre
//   stroke   the 28x28 digit upscaled (bilinear) and binarised, then one of: thin (thinned to its
//            centre line, redrawn with a pen of radius 0..2.5% of the digit's size), as is, or thick
//            (dilated by a disc of radius 3..9% of the digit's size)
//   colours  dark ink on light paper or light ink on a dark background (50/50); grayscale PNG or
//            RGB PNG with tinted paper and coloured ink (50/50); a little paper noise
// Scoring reads each PNG back with the engine's loader (load_image + to_gray), then
//   (a) preprocess_digit, the engine's drawing → MNIST step that `nnfs predict` and the studio use
//   (b) naive: the gray image resized to 28x28 by area averaging, nothing else
// and prints a Markdown table: accuracy per model and method.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <stb/stb_image_write.h>  // implementation compiled into Debian's libstb

#include "engine/core/error.h"
#include "engine/core/rng.h"
#include "engine/data/image.h"
#include "engine/data/mnist.h"
#include "engine/data/preprocess.h"
#include "engine/model/model_file.h"
#include "engine/train/evaluate.h"

namespace {

using nnfs::GrayImage;
using nnfs::Rng;

struct Canvas {
  std::size_t width = 0, height = 0;
  std::size_t style = 0;          // stroke: 0 thin, 1 as is, 2 thick
  std::vector<std::uint8_t> ink;  // [height, width], 1 = ink
};

// Bilinear sample of the 28x28 digit at (x, y) in its pixel coordinates, in [0, 1].
float sample(const std::uint8_t* digit, float x, float y) {
  const float fx = std::floor(x), fy = std::floor(y);
  const float ax = x - fx, ay = y - fy;
  auto at = [&](long ix, long iy) -> float {
    if (ix < 0 || iy < 0 || ix >= 28 || iy >= 28) return 0.0f;
    return static_cast<float>(digit[iy * 28 + ix]) / 255.0f;
  };
  const long ix = static_cast<long>(fx), iy = static_cast<long>(fy);
  return (1 - ay) * ((1 - ax) * at(ix, iy) + ax * at(ix + 1, iy)) +
         ay * ((1 - ax) * at(ix, iy + 1) + ax * at(ix + 1, iy + 1));
}

// Dilation (grow = true) or erosion by a disc of radius r.
std::vector<std::uint8_t> morph(const std::vector<std::uint8_t>& in, std::size_t w, std::size_t h, int r, bool grow) {
  std::vector<std::uint8_t> out(in.size());
  for (std::size_t y = 0; y < h; ++y)
    for (std::size_t x = 0; x < w; ++x) {
      bool hit = !grow;
      for (int dy = -r; dy <= r && hit != grow; ++dy)
        for (int dx = -r; dx <= r; ++dx) {
          if (dx * dx + dy * dy > r * r) continue;
          const long sx = static_cast<long>(x) + dx, sy = static_cast<long>(y) + dy;
          const bool v = sx >= 0 && sy >= 0 && sx < static_cast<long>(w) && sy < static_cast<long>(h) &&
                         in[static_cast<std::size_t>(sy) * w + static_cast<std::size_t>(sx)] != 0;
          if (v == grow) { hit = grow; break; }
        }
      out[y * w + x] = hit ? 1 : 0;
    }
  return out;
}

// Zhang-Suen thinning: peels boundary pixels in two alternating sub-passes until only a
// one-pixel-wide, still connected centre line is left. Neighbours p2..p9 clockwise from north.
std::vector<std::uint8_t> skeleton(std::vector<std::uint8_t> m, std::size_t w, std::size_t h) {
  auto at = [&](std::size_t x, std::size_t y, int dx, int dy) -> int {
    const long sx = static_cast<long>(x) + dx, sy = static_cast<long>(y) + dy;
    if (sx < 0 || sy < 0 || sx >= static_cast<long>(w) || sy >= static_cast<long>(h)) return 0;
    return m[static_cast<std::size_t>(sy) * w + static_cast<std::size_t>(sx)];
  };
  static constexpr int kDx[8] = {0, 1, 1, 1, 0, -1, -1, -1}, kDy[8] = {-1, -1, 0, 1, 1, 1, 0, -1};
  std::vector<std::size_t> peel;
  for (bool changed = true; changed;) {
    changed = false;
    for (int pass = 0; pass < 2; ++pass) {
      peel.clear();
      for (std::size_t y = 0; y < h; ++y)
        for (std::size_t x = 0; x < w; ++x) {
          if (!m[y * w + x]) continue;
          int p[8], b = 0, a = 0;
          for (int k = 0; k < 8; ++k) b += p[k] = at(x, y, kDx[k], kDy[k]);
          for (int k = 0; k < 8; ++k) a += (p[k] == 0 && p[(k + 1) % 8] == 1) ? 1 : 0;
          // p[0] = north, p[2] = east, p[4] = south, p[6] = west
          const bool side = pass == 0 ? (p[0] * p[2] * p[4] == 0 && p[2] * p[4] * p[6] == 0)
                                      : (p[0] * p[2] * p[6] == 0 && p[0] * p[4] * p[6] == 0);
          if (b >= 2 && b <= 6 && a == 1 && side) peel.push_back(y * w + x);
        }
      for (const std::size_t i : peel) m[i] = 0;
      changed = changed || !peel.empty();
    }
  }
  return m;
}

// The digit as a binary drawing on a canvas of random shape; see the header comment.
Canvas draw(const std::uint8_t* digit, Rng& rng) {
  // The ink's bounding box in the 28x28 source.
  std::size_t x0 = 28, y0 = 28, x1 = 0, y1 = 0;
  for (std::size_t y = 0; y < 28; ++y)
    for (std::size_t x = 0; x < 28; ++x)
      if (digit[y * 28 + x] > 0) { x0 = std::min(x0, x); y0 = std::min(y0, y); x1 = std::max(x1, x); y1 = std::max(y1, y); }
  if (x0 > x1) { x0 = y0 = 0; x1 = y1 = 27; }
  const float bw = static_cast<float>(x1 - x0 + 1), bh = static_cast<float>(y1 - y0 + 1);

  Canvas c;
  const float aspect = std::exp(rng.uniform(std::log(0.5f), std::log(2.0f)));  // width / height
  const float longer = rng.uniform(96.0f, 256.0f);
  c.width = static_cast<std::size_t>(aspect >= 1 ? longer : longer * aspect);
  c.height = static_cast<std::size_t>(aspect >= 1 ? longer / aspect : longer);
  const float shorter = static_cast<float>(std::min(c.width, c.height));
  const float scale = rng.uniform(0.3f, 0.9f) * shorter / std::max(bw, bh);  // canvas px per source px
  const std::size_t dw = std::max<std::size_t>(1, static_cast<std::size_t>(bw * scale));
  const std::size_t dh = std::max<std::size_t>(1, static_cast<std::size_t>(bh * scale));
  const std::size_t left = rng.below(c.width - dw + 1), top = rng.below(c.height - dh + 1);

  // Stroke style: 0 thin, 1 medium, 2 thick.
  const std::size_t style = rng.below(3);
  const float threshold = 0.45f;
  std::vector<std::uint8_t> mask(c.width * c.height, 0);
  for (std::size_t y = 0; y < dh; ++y)
    for (std::size_t x = 0; x < dw; ++x) {
      const float sx = static_cast<float>(x0) - 0.5f + (static_cast<float>(x) + 0.5f) / scale;
      const float sy = static_cast<float>(y0) - 0.5f + (static_cast<float>(y) + 0.5f) / scale;
      mask[(top + y) * c.width + left + x] = sample(digit, sx, sy) >= threshold ? 1 : 0;
    }
  const float size = static_cast<float>(std::max(dw, dh));
  if (style == 0) {
    // A thin pen: erode the stroke down to its centre line (thinning keeps it connected, where a
    // plain erosion would break it), then draw that line with a pen of radius 0..2.5% of the size.
    mask = skeleton(std::move(mask), c.width, c.height);
    const int r = static_cast<int>(size * rng.uniform(0.0f, 0.025f));
    if (r > 0) mask = morph(mask, c.width, c.height, r, true);
  } else if (style == 2) {
    const int r = std::max(1, static_cast<int>(size * rng.uniform(0.03f, 0.09f)));
    mask = morph(mask, c.width, c.height, r, true);
  }
  c.ink = std::move(mask);
  c.style = style;
  return c;
}

// Writes the drawing as a PNG: grayscale or RGB, dark-on-light or light-on-dark.
void write_png(const Canvas& c, const std::string& path, Rng& rng) {
  const bool light_paper = rng.bernoulli(0.5f);
  const bool rgb = rng.bernoulli(0.5f);
  const int channels = rgb ? 3 : 1;
  float paper[3], ink[3];
  for (int k = 0; k < 3; ++k) {
    paper[k] = light_paper ? rng.uniform(200.0f, 255.0f) : rng.uniform(0.0f, 50.0f);
    ink[k] = light_paper ? rng.uniform(0.0f, 70.0f) : rng.uniform(185.0f, 255.0f);
    if (!rgb) { paper[k] = paper[0]; ink[k] = ink[0]; }
  }
  std::vector<std::uint8_t> px(c.width * c.height * static_cast<std::size_t>(channels));
  for (std::size_t i = 0; i < c.ink.size(); ++i) {
    const float noise = rng.uniform(-6.0f, 6.0f);
    for (int k = 0; k < channels; ++k) {
      const float v = (c.ink[i] ? ink[k] : paper[k]) + noise;
      px[i * static_cast<std::size_t>(channels) + static_cast<std::size_t>(k)] =
          static_cast<std::uint8_t>(std::clamp(v, 0.0f, 255.0f));
    }
  }
  const int w = static_cast<int>(c.width), h = static_cast<int>(c.height);
  if (!stbi_write_png(path.c_str(), w, h, channels, px.data(), w * channels))
    throw nnfs::Error("cannot write " + path);
}

// Area-averaged resize to 28x28, nothing else (the naive baseline).
std::array<std::uint8_t, 784> resize_naive(const GrayImage& g) {
  std::array<std::uint8_t, 784> out{};
  const double sx = static_cast<double>(g.width) / 28.0, sy = static_cast<double>(g.height) / 28.0;
  for (std::size_t oy = 0; oy < 28; ++oy)
    for (std::size_t ox = 0; ox < 28; ++ox) {
      const double ax = static_cast<double>(ox) * sx, bx = ax + sx, ay = static_cast<double>(oy) * sy, by = ay + sy;
      double sum = 0.0, area = 0.0;
      for (auto y = static_cast<std::size_t>(ay); static_cast<double>(y) < by && y < g.height; ++y) {
        const double hy = std::min(by, static_cast<double>(y + 1)) - std::max(ay, static_cast<double>(y));
        for (auto x = static_cast<std::size_t>(ax); static_cast<double>(x) < bx && x < g.width; ++x) {
          const double wx = std::min(bx, static_cast<double>(x + 1)) - std::max(ax, static_cast<double>(x));
          sum += wx * hy * g.at(x, y);
          area += wx * hy;
        }
      }
      out[oy * 28 + ox] = static_cast<std::uint8_t>(std::lround(area > 0 ? sum / area : 0.0));
    }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::string data_dir = "data/mnist", out_dir = "/tmp/nnfs-redrawn-mnist";
  std::size_t count = 10000;
  std::uint64_t seed = 1;
  std::vector<std::string> models;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw nnfs::Error(a + " needs a value");
      return argv[++i];
    };
    if (a == "--data") data_dir = value();
    else if (a == "--out") out_dir = value();
    else if (a == "--count") count = std::stoul(value());
    else if (a == "--seed") seed = std::stoull(value());
    else if (a.rfind("--", 0) == 0) { std::fprintf(stderr, "unknown option %s\n", a.c_str()); return 2; }
    else models.push_back(a);
  }
  if (models.empty())
    models = {"assets/models/mnist-mlp.safetensors", "assets/models/mnist-cnn.safetensors",
              "assets/models/mnist-cnn-large.safetensors"};
  try {
    const nnfs::Dataset test = nnfs::load_mnist(data_dir).test;
    count = std::min(count, test.count);
    std::filesystem::create_directories(out_dir);

    // 1. Render every digit to a PNG.
    std::vector<std::size_t> style(count);
    for (std::size_t i = 0; i < count; ++i) {
      Rng rng(seed * 1'000'003u + i);
      const Canvas c = draw(&test.pixels[i * 784], rng);
      style[i] = c.style;
      write_png(c, out_dir + "/" + std::to_string(i) + "-" + std::to_string(test.labels[i]) + ".png", rng);
    }

    // 2. Read them back as the engine reads user images, and prepare both inputs.
    nnfs::Dataset pre, naive;
    for (nnfs::Dataset* d : {&pre, &naive}) {
      d->sample_shape = {28, 28};
      d->class_names = nnfs::digit_class_names();
    }
    std::size_t empty = 0;
    for (std::size_t i = 0; i < count; ++i) {
      const std::string path = out_dir + "/" + std::to_string(i) + "-" + std::to_string(test.labels[i]) + ".png";
      const GrayImage g = nnfs::to_gray(nnfs::load_image(path));
      const auto digit = nnfs::preprocess_digit(g);
      if (!digit) ++empty;  // reported empty: counted as wrong (label -1 matches nothing)
      std::array<std::uint8_t, 784> p{};
      if (digit) std::copy(digit->pixels.begin(), digit->pixels.end(), p.begin());
      pre.pixels.insert(pre.pixels.end(), p.begin(), p.end());
      pre.labels.push_back(digit ? test.labels[i] : -1);
      const auto n = resize_naive(g);
      naive.pixels.insert(naive.pixels.end(), n.begin(), n.end());
      naive.labels.push_back(test.labels[i]);
    }
    pre.count = naive.count = count;

    // 3. Score every model both ways. An image reported empty counts as a miss.
    // Accuracy over all images, then over each stroke style: [all, thin, as is, thick].
    auto accuracy = [&](nnfs::Model& m, const nnfs::Dataset& d) {
      const nnfs::Tensor y = nnfs::predict(m, d);
      const std::size_t k = y.size() / d.count;
      std::array<std::size_t, 4> right{}, total{};
      for (std::size_t i = 0; i < d.count; ++i) {
        const float* row = y.data() + i * k;
        const auto label = static_cast<std::int32_t>(std::max_element(row, row + k) - row);
        for (const std::size_t g : {std::size_t{0}, style[i] + 1}) {
          ++total[g];
          right[g] += label == d.labels[i] ? 1 : 0;
        }
      }
      std::array<double, 4> pct{};
      for (std::size_t g = 0; g < 4; ++g)
        pct[g] = total[g] ? 100.0 * static_cast<double>(right[g]) / static_cast<double>(total[g]) : 0.0;
      return pct;
    };
    std::printf("%zu redrawn MNIST test digits (seed %llu) in %s; %zu reported empty by the preprocessing\n\n",
                count, static_cast<unsigned long long>(seed), out_dir.c_str(), empty);
    std::printf("| model | with preprocessing | resized to 28x28 only | preprocessed: thin / as is / thick strokes |\n"
                "|---|---:|---:|---|\n");
    for (const std::string& path : models) {
      if (!std::filesystem::exists(path)) { std::printf("| %s | missing | missing | |\n", path.c_str()); continue; }
      nnfs::Model m = nnfs::load_model(path);
      const auto a = accuracy(m, pre), b = accuracy(m, naive);
      std::printf("| %s | %.2f%% | %.2f%% | %.2f%% / %.2f%% / %.2f%% |\n", std::filesystem::path(path).stem().c_str(),
                  a[0], b[0], a[1], a[2], a[3]);
      std::fflush(stdout);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
  return 0;
}
