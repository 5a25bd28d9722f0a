#include "engine/data/preprocess_stroke.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace nnfs {

namespace {

constexpr double kFar = 1e30;  // "no such pixel in this line yet"

// 1-D squared distance transform (Felzenszwalb & Huttenlocher): out[q] = min_p (q - p)² + f[p].
// The parabolas (q - p)² + f[p] are swept left to right keeping their lower envelope: hull[k]
// are the parabolas' apexes and edge[k] where parabola k starts to be the lowest. O(n).
void squared_distance_1d(const std::vector<double>& f, std::vector<double>& out, std::vector<std::size_t>& hull,
                         std::vector<double>& edge) {
  const std::size_t n = f.size();
  hull.assign(n, 0);
  edge.assign(n + 1, 0.0);
  auto meet = [&](std::size_t p, std::size_t q) {  // where parabolas p < q cross
    const double dp = static_cast<double>(p), dq = static_cast<double>(q);
    return ((f[q] + dq * dq) - (f[p] + dp * dp)) / (2.0 * (dq - dp));
  };
  std::size_t k = 0;
  edge[0] = -kFar;
  edge[1] = kFar;
  for (std::size_t q = 1; q < n; ++q) {
    if (f[q] >= kFar) continue;  // no apex here: never the lowest
    if (f[hull[k]] >= kFar) {    // the envelope so far is empty: q starts it
      hull[k] = q;
      continue;
    }
    double s = meet(hull[k], q);
    while (k > 0 && s <= edge[k]) s = meet(hull[--k], q);  // q hides parabola k entirely
    hull[++k] = q;
    edge[k] = s;
    edge[k + 1] = kFar;
  }
  out.resize(n);
  k = 0;
  for (std::size_t q = 0; q < n; ++q) {
    while (edge[k + 1] < static_cast<double>(q)) ++k;
    const double d = static_cast<double>(q) - static_cast<double>(hull[k]);
    out[q] = f[hull[k]] >= kFar ? kFar : d * d + f[hull[k]];
  }
}

// Squared Euclidean distance from every pixel to the nearest pixel whose ink equals `value`
// (kFar when there is none): rows first, then columns, which is exact for the Euclidean metric.
std::vector<double> squared_distance_to(const InkMask& m, std::uint8_t value) {
  const std::size_t w = m.width, h = m.height;
  std::vector<double> d(w * h), line, out;
  std::vector<std::size_t> hull;
  std::vector<double> edge;
  line.resize(w);
  for (std::size_t y = 0; y < h; ++y) {
    for (std::size_t x = 0; x < w; ++x) line[x] = m.ink[y * w + x] == value ? 0.0 : kFar;
    squared_distance_1d(line, out, hull, edge);
    std::copy(out.begin(), out.end(), d.begin() + static_cast<std::ptrdiff_t>(y * w));
  }
  line.resize(h);
  for (std::size_t x = 0; x < w; ++x) {
    for (std::size_t y = 0; y < h; ++y) line[y] = d[y * w + x];
    squared_distance_1d(line, out, hull, edge);
    for (std::size_t y = 0; y < h; ++y) d[y * w + x] = out[y];
  }
  return d;
}

// The mask inside a border of `margin` background pixels, so that ink at the edge has
// background next to it and growing ink has room.
InkMask padded(const InkMask& m, std::size_t margin) {
  InkMask p{m.width + 2 * margin, m.height + 2 * margin, {}};
  p.ink.assign(p.width * p.height, 0);
  for (std::size_t y = 0; y < m.height; ++y)
    std::copy_n(m.ink.begin() + static_cast<std::ptrdiff_t>(y * m.width), m.width,
                p.ink.begin() + static_cast<std::ptrdiff_t>((y + margin) * p.width + margin));
  return p;
}

}  // namespace

InkMask crop_to_ink(const InkMask& m) {
  std::size_t left = m.width, right = 0, top = m.height, bottom = 0;
  for (std::size_t y = 0; y < m.height; ++y)
    for (std::size_t x = 0; x < m.width; ++x)
      if (m.ink[y * m.width + x]) {
        left = std::min(left, x), right = std::max(right, x);
        top = std::min(top, y), bottom = std::max(bottom, y);
      }
  if (left > right) return {};
  InkMask c{right - left + 1, bottom - top + 1, {}};
  c.ink.resize(c.width * c.height);
  for (std::size_t y = 0; y < c.height; ++y)
    for (std::size_t x = 0; x < c.width; ++x) c.ink[y * c.width + x] = m.ink[(top + y) * m.width + left + x];
  return c;
}

double stroke_width(const InkMask& mask) {
  const InkMask p = padded(mask, 1);
  const std::vector<double> d2 = squared_distance_to(p, 0);
  double sum = 0.0;
  std::size_t area = 0;
  for (std::size_t i = 0; i < p.ink.size(); ++i)
    if (p.ink[i]) {
      sum += std::sqrt(d2[i]);
      ++area;
    }
  if (area == 0) return 0.0;
  return std::max(1.0, 4.0 * sum / static_cast<double>(area) - 2.0);
}

InkMask restroke(const InkMask& mask, double width) {
  const double radius = (width - stroke_width(mask)) / 2.0;  // > 0 grow, < 0 shrink
  const bool grow = radius > 0.0;
  // Distances run between pixel centres, so the pixels n = 1, 2, .. away from a straight edge sit
  // at d = n: growing (shrinking) each side by round(|r|) pixels takes every pixel with
  // d ≤ |r| + 1/2 from the ink (keeps every ink pixel with d > |r| + 1/2 from the paper).
  const double reach = std::abs(radius) + 0.5, r2 = reach * reach;
  InkMask p = padded(mask, grow ? static_cast<std::size_t>(std::ceil(reach)) + 1 : 1);
  const std::vector<double> d2 = squared_distance_to(p, grow ? 1 : 0);
  InkMask out = p;
  for (std::size_t i = 0; i < p.ink.size(); ++i) out.ink[i] = grow ? (d2[i] <= r2 ? 1 : 0) : (p.ink[i] && d2[i] > r2 ? 1 : 0);
  InkMask cropped = crop_to_ink(out);
  return cropped.ink.empty() ? crop_to_ink(mask) : cropped;
}

}  // namespace nnfs
