#include "engine/data/preprocess.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "engine/data/preprocess_stroke.h"

namespace nnfs {

namespace {

constexpr int kMinContrast = 32;        // ink must differ from the paper by this many levels
constexpr float kThresholdShare = 0.25f;
constexpr std::size_t kNistSide = 128;  // NIST's binary scans were 128x128
// MNIST's pen: stroke_width() / longer side of the ink box, measured through the same step 4 on
// 10,000 MNIST training digits (every sixth) upscaled 8x (bilinear) and binarised at half
// intensity: 10th percentile 0.091, median 0.124, 90th percentile 0.175. A drawing outside that
// range is redrawn at its nearer edge; one inside is left as drawn (MNIST's writers vary too, and
// forcing every pen to the median measured slightly worse on thick pens).
constexpr double kThinnestPen = 0.091, kThickestPen = 0.175;

// Steps 1-2: orientation and levels, as a map v → u ∈ [0, 1].
struct Levels {
  bool inverted = false;
  float threshold = 0.0f, ink = 255.0f;  // t and i on the oriented scale
  bool empty = true;
  float apply(std::uint8_t raw) const {
    const float v = inverted ? 255.0f - raw : raw;
    return std::clamp((v - threshold) / (ink - threshold), 0.0f, 1.0f);
  }
};

Levels measure_levels(const GrayImage& g) {
  Levels l;
  const std::size_t w = g.width, h = g.height, n = w * h;
  if (n == 0) return l;
  std::vector<std::uint8_t> border;
  for (std::size_t x = 0; x < w; ++x) {
    border.push_back(g.at(x, 0));
    border.push_back(g.at(x, h - 1));
  }
  for (std::size_t y = 0; y < h; ++y) {
    border.push_back(g.at(0, y));
    border.push_back(g.at(w - 1, y));
  }
  const auto mid = border.begin() + static_cast<std::ptrdiff_t>(border.size() / 2);
  std::nth_element(border.begin(), mid, border.end());
  l.inverted = *mid > 127;
  const int background = l.inverted ? 255 - *mid : *mid;

  // Ink level: the brightest oriented value once a few stray pixels (n/2000, 2..64) are skipped.
  std::array<std::size_t, 256> histogram{};
  for (std::uint8_t raw : g.pixels) ++histogram[l.inverted ? 255 - raw : raw];
  const std::size_t skip = std::clamp<std::size_t>(n / 2000, 2, 64);
  int ink = 0;
  std::size_t seen = 0;
  for (int v = 255; v >= 0; --v) {
    seen += histogram[static_cast<std::size_t>(v)];
    if (seen > skip || v == 0) {
      ink = v;
      break;
    }
  }
  if (ink - background < kMinContrast) return l;
  l.ink = static_cast<float>(ink);
  l.threshold = static_cast<float>(background) + kThresholdShare * static_cast<float>(ink - background);
  l.empty = false;
  return l;
}

// Area-averaging resize of src [sh, sw] to [dh, dw]: output pixel (x, y) is the mean of the
// source rectangle [x·sw/dw, (x+1)·sw/dw) x [y·sh/dh, (y+1)·sh/dh), partial pixels weighted by
// their overlap. Separable: rows first, then columns.
std::vector<float> resize_area(const std::vector<float>& src, std::size_t sw, std::size_t sh, std::size_t dw,
                               std::size_t dh) {
  // Weights of one axis: for each output index, (source index, overlap) pairs summing to 1.
  struct Tap {
    std::size_t index;
    float weight;
  };
  auto taps_for = [](std::size_t in, std::size_t out) {
    std::vector<std::vector<Tap>> taps(out);
    const double scale = static_cast<double>(in) / static_cast<double>(out);
    for (std::size_t o = 0; o < out; ++o) {
      const double a = static_cast<double>(o) * scale, b = static_cast<double>(o + 1) * scale;
      for (auto j = static_cast<std::size_t>(a); j < in && static_cast<double>(j) < b; ++j) {
        const double overlap = std::min(b, static_cast<double>(j + 1)) - std::max(a, static_cast<double>(j));
        if (overlap > 0.0) taps[o].push_back({j, static_cast<float>(overlap / scale)});
      }
    }
    return taps;
  };
  const auto tx = taps_for(sw, dw), ty = taps_for(sh, dh);
  std::vector<float> rows(sh * dw, 0.0f), out(dh * dw, 0.0f);
  for (std::size_t y = 0; y < sh; ++y)
    for (std::size_t x = 0; x < dw; ++x)
      for (const Tap& t : tx[x]) rows[y * dw + x] += t.weight * src[y * sw + t.index];
  for (std::size_t y = 0; y < dh; ++y)
    for (const Tap& t : ty[y])
      for (std::size_t x = 0; x < dw; ++x) out[y * dw + x] += t.weight * rows[t.index * dw + x];
  return out;
}

// Step 4a: the ink inside the box [left, left + bw) x [top, top + bh) as a binary drawing whose
// longer side is within (kNistSide/2, kNistSide], NIST's 128-pixel scans. A pixel is ink when it is
// at least half-way from paper to ink (u ≥ 1/3, since u = 0 sits a quarter of the way). Larger
// drawings are reduced by an integer factor f, a working pixel being ink when any pixel of its
// f x f block is, so a hairline survives; smaller ones are enlarged by an integer factor.
InkMask binary_drawing(const GrayImage& g, const Levels& levels, std::size_t left, std::size_t top, std::size_t bw,
                       std::size_t bh) {
  const std::size_t longer = std::max(bw, bh);
  const std::size_t shrink = (longer + kNistSide - 1) / kNistSide, grow = std::max<std::size_t>(1, kNistSide / longer);
  InkMask m;
  m.width = (bw + shrink - 1) / shrink * grow;
  m.height = (bh + shrink - 1) / shrink * grow;
  m.ink.assign(m.width * m.height, 0);
  for (std::size_t y = 0; y < bh; ++y)
    for (std::size_t x = 0; x < bw; ++x) {
      if (levels.apply(g.at(left + x, top + y)) < 1.0f / 3.0f) continue;
      const std::size_t wx = x / shrink * grow, wy = y / shrink * grow;
      for (std::size_t dy = 0; dy < grow; ++dy)
        std::fill_n(m.ink.begin() + static_cast<std::ptrdiff_t>((wy + dy) * m.width + wx), grow, std::uint8_t{1});
    }
  return m;
}

}  // namespace

std::optional<MnistDigit> preprocess_digit(const GrayImage& image) {
  const Levels levels = measure_levels(image);
  if (levels.empty) return std::nullopt;
  const std::size_t w = image.width, h = image.height;

  // 3. Bounding box of the ink.
  std::size_t left = w, right = 0, top = h, bottom = 0;
  for (std::size_t y = 0; y < h; ++y)
    for (std::size_t x = 0; x < w; ++x)
      if (levels.apply(image.at(x, y)) > 0.0f) {
        left = std::min(left, x);
        right = std::max(right, x);
        top = std::min(top, y);
        bottom = std::max(bottom, y);
      }
  if (left > right) return std::nullopt;
  const std::size_t bw = right - left + 1, bh = bottom - top + 1;

  // 4. The binary drawing at NIST's resolution, its pen brought into MNIST's range.
  InkMask mask = crop_to_ink(binary_drawing(image, levels, left, top, bw, bh));
  if (mask.ink.empty()) return std::nullopt;
  const double longer = static_cast<double>(std::max(mask.width, mask.height));
  const double pen = stroke_width(mask);
  if (pen < kThinnestPen * longer) mask = restroke(mask, kThinnestPen * longer);
  else if (pen > kThickestPen * longer) mask = restroke(mask, kThickestPen * longer);

  // 5. Longer side to 20 pixels, aspect ratio kept, by area averaging of the binary drawing.
  const std::size_t mw = mask.width, mh = mask.height;
  const double scale = static_cast<double>(kMnistBox) / static_cast<double>(std::max(mw, mh));
  const auto fit = [&](std::size_t side) {
    return std::clamp<std::size_t>(static_cast<std::size_t>(std::lround(static_cast<double>(side) * scale)), 1, kMnistBox);
  };
  const std::size_t dw = fit(mw), dh = fit(mh);
  const std::vector<float> box = resize_area(std::vector<float>(mask.ink.begin(), mask.ink.end()), mw, mh, dw, dh);

  // 6. Centre of mass (cx, cy) of the box → (14, 14): box origin = round(14 - c), kept inside.
  double mass = 0.0, mx = 0.0, my = 0.0;
  for (std::size_t y = 0; y < dh; ++y)
    for (std::size_t x = 0; x < dw; ++x) {
      const double v = box[y * dw + x];
      mass += v;
      mx += v * static_cast<double>(x);
      my += v * static_cast<double>(y);
    }
  if (mass <= 0.0) return std::nullopt;
  const double centre = static_cast<double>(kMnistSide) / 2.0;
  auto origin = [&](double com, std::size_t size) {
    const long o = std::lround(centre - com);
    return static_cast<std::size_t>(std::clamp<long>(o, 0, static_cast<long>(kMnistSide - size)));
  };
  const std::size_t ox = origin(mx / mass, dw), oy = origin(my / mass, dh);

  MnistDigit digit;
  digit.inverted = levels.inverted;
  digit.left = left, digit.top = top, digit.width = bw, digit.height = bh;
  for (std::size_t y = 0; y < dh; ++y)
    for (std::size_t x = 0; x < dw; ++x)
      digit.pixels[(oy + y) * kMnistSide + ox + x] =
          static_cast<std::uint8_t>(std::lround(std::clamp(box[y * dw + x], 0.0f, 1.0f) * 255.0f));
  return digit;
}

GrayImage normalize_ink(const GrayImage& image) {
  const Levels levels = measure_levels(image);
  GrayImage out{image.width, image.height, std::vector<std::uint8_t>(image.pixels.size(), 0)};
  if (levels.empty) return out;
  for (std::size_t i = 0; i < image.pixels.size(); ++i)
    out.pixels[i] = static_cast<std::uint8_t>(std::lround(levels.apply(image.pixels[i]) * 255.0f));
  return out;
}

}  // namespace nnfs
