#include "app/studio/widgets/plot_math.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cmath>
#include <cstdio>
#include <limits>

namespace nnfs::studio {

namespace {
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

// The smallest 1-2-5 step that is at least `raw`.
double nice_step(double raw) {
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  for (const double m : {1.0, 2.0, 5.0, 10.0})
    if (m * magnitude >= raw * (1.0 - 1e-9)) return m * magnitude;
  return 10.0 * magnitude;
}

bool drawable(float y, bool log) { return std::isfinite(y) && (!log || y > 0.0f); }
}  // namespace

Ticks linear_ticks(double lo, double hi, int max_ticks, double min_step) {
  Ticks t;
  if (!std::isfinite(lo) || !std::isfinite(hi) || hi <= lo || max_ticks < 1) return t;
  // The smallest 1-2-5 step whose multiples in [lo, hi] are at most max_ticks.
  const auto count = [&](double step) { return std::floor(hi / step + 1e-9) - std::ceil(lo / step - 1e-9) + 1.0; };
  t.step = std::max(nice_step((hi - lo) / max_ticks), min_step);
  while (count(t.step) > max_ticks) t.step = nice_step(t.step * 1.5);
  for (double k = std::ceil(lo / t.step - 1e-9); k * t.step <= hi + t.step * 1e-9; k += 1.0) {
    const double v = k * t.step;
    t.values.push_back(std::fabs(v) < t.step * 1e-9 ? 0.0 : v);
  }
  return t;
}

Ticks log_ticks(double lo, double hi, int max_ticks) {
  Ticks t;
  if (!std::isfinite(lo) || !std::isfinite(hi) || lo <= 0.0 || hi <= lo || max_ticks < 1) return t;
  const int first = static_cast<int>(std::ceil(std::log10(lo) - 1e-9));
  const int last = static_cast<int>(std::floor(std::log10(hi) + 1e-9));
  const int decades = last - first + 1;
  if (decades >= 3) {
    const int stride = (decades + max_ticks - 1) / max_ticks;
    for (int d = first; d <= last; d += stride) t.values.push_back(std::pow(10.0, d));
    return t;
  }
  // Less than two decades: 1, 2 and 5 times the powers of ten.
  for (int d = static_cast<int>(std::floor(std::log10(lo))); d <= last; ++d)
    for (const double m : {1.0, 2.0, 5.0}) {
      const double v = m * std::pow(10.0, d);
      if (v >= lo * (1.0 - 1e-9) && v <= hi * (1.0 + 1e-9)) t.values.push_back(v);
    }
  if (static_cast<int>(t.values.size()) > max_ticks && decades >= 2) {
    t.values.clear();
    for (int d = first; d <= last; ++d) t.values.push_back(std::pow(10.0, d));
  }
  if (t.values.size() < 2) return linear_ticks(lo, hi, max_ticks);
  return t;
}

std::string format_tick(double value, double step) {
  char buf[48];
  if (step <= 0.0) {
    std::snprintf(buf, sizeof buf, "%g", value);
    // "1e-05" → "1e-5", "1e+06" → "1e6"
    std::string s = buf;
    if (const auto e = s.find('e'); e != std::string::npos) {
      std::string exponent = s.substr(e + 1);
      const bool negative = exponent[0] == '-';
      exponent.erase(0, exponent[0] == '-' || exponent[0] == '+' ? 1 : 0);
      exponent.erase(0, std::min(exponent.find_first_not_of('0'), exponent.size() - 1));
      s = s.substr(0, e + 1) + (negative ? "-" : "") + exponent;
    }
    return s;
  }
  if (std::fabs(value) < step * 1e-6) value = 0.0;
  if (step >= 1000.0 && std::fabs(value) >= 1000.0 && std::fmod(value, 1000.0) == 0.0) {
    std::snprintf(buf, sizeof buf, "%.0fk", value / 1000.0);
  } else {
    const int decimals = std::max(0, static_cast<int>(std::ceil(-std::log10(step) - 1e-9)));
    std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
  }
  return buf;
}

std::optional<double> AxisRange::to_unit(double v) const {
  if (!log) return (v - lo) / (hi - lo);
  if (!(v > 0.0)) return std::nullopt;
  return (std::log10(v) - std::log10(lo)) / (std::log10(hi) - std::log10(lo));
}

double AxisRange::from_unit(double u) const {
  if (!log) return lo + u * (hi - lo);
  return std::pow(10.0, std::log10(lo) + u * (std::log10(hi) - std::log10(lo)));
}

AxisRange AxisRange::zoomed(double u, double factor) const {
  const double a = log ? std::log10(lo) : lo, b = log ? std::log10(hi) : hi;
  const double c = a + u * (b - a);
  const double na = c - (c - a) * factor, nb = c + (b - c) * factor;
  return log ? AxisRange{std::pow(10.0, na), std::pow(10.0, nb), true} : AxisRange{na, nb, false};
}

AxisRange AxisRange::panned(double du) const {
  const double a = log ? std::log10(lo) : lo, b = log ? std::log10(hi) : hi;
  const double d = du * (b - a);
  return log ? AxisRange{std::pow(10.0, a + d), std::pow(10.0, b + d), true} : AxisRange{a + d, b + d, false};
}

AxisRange fit_range(double lo, double hi, bool log, double margin) {
  if (!(lo <= hi)) return log ? AxisRange{0.1, 1.0, true} : AxisRange{0.0, 1.0, false};
  if (log) {
    double a = std::log10(lo), b = std::log10(hi);
    if (b - a < 1e-6) a -= 0.3, b += 0.3;  // one value: a factor of 2 either side
    const double m = (b - a) * margin;
    return {std::pow(10.0, a - m), std::pow(10.0, b + m), true};
  }
  if (hi - lo < 1e-12 * std::max(1.0, std::fabs(lo))) {
    const double half = lo == 0.0 ? 1.0 : std::fabs(lo) * 0.5;
    lo -= half, hi += half;
  }
  const double m = (hi - lo) * margin;
  return {lo - m, hi + m, false};
}

AxisRange fit_range(std::span<const float> values, bool log, double margin) {
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (const float v : values)
    if (drawable(v, log)) lo = std::min(lo, static_cast<double>(v)), hi = std::max(hi, static_cast<double>(v));
  return fit_range(lo, hi, log, margin);
}

void Smoothed::update(std::span<const float> raw, float smoothing) {
  const bool same_start = raw.size() >= values_.size() &&
                          (values_.empty() || std::bit_cast<std::uint32_t>(raw[values_.size() - 1]) ==
                                                  std::bit_cast<std::uint32_t>(last_raw_));
  if (smoothing != smoothing_ || !same_start) {
    values_.clear();
    average_ = weight_ = 0.0;
    smoothing_ = smoothing;
  }
  values_.reserve(raw.size());
  for (std::size_t i = values_.size(); i < raw.size(); ++i) {
    const float v = raw[i];
    if (!std::isfinite(v)) {
      values_.push_back(v);
      continue;
    }
    average_ = smoothing * average_ + (1.0 - smoothing) * v;
    weight_ = smoothing * weight_ + (1.0 - smoothing);
    values_.push_back(static_cast<float>(average_ / weight_));
  }
  if (!raw.empty()) last_raw_ = raw.back();
}

std::optional<std::size_t> nearest_index(std::span<const float> xs, double x) {
  if (xs.empty()) return std::nullopt;
  const auto it = std::lower_bound(xs.begin(), xs.end(), x, [](float a, double b) { return a < b; });
  if (it == xs.begin()) return 0;
  if (it == xs.end()) return xs.size() - 1;
  const std::size_t i = static_cast<std::size_t>(it - xs.begin());
  return x - xs[i - 1] <= xs[i] - x ? i - 1 : i;
}

namespace {
// A series for decimate(): y values and their x (given, ascending, or implicit x_first + i).
struct Series {
  std::span<const float> xs, ys;
  float x_first;
  std::size_t n;  // points with both an x and a y

  float x(std::size_t i) const { return xs.empty() ? x_first + static_cast<float>(i) : xs[i]; }
  // The first index whose x is at or beyond `edge` (n if none).
  std::size_t first_at_or_after(double edge) const {
    if (xs.empty()) return static_cast<std::size_t>(std::clamp(std::ceil(edge - x_first), 0.0, static_cast<double>(n)));
    return static_cast<std::size_t>(std::lower_bound(xs.begin(), xs.begin() + static_cast<std::ptrdiff_t>(n), edge,
                                                     [](float a, double b) { return a < b; }) - xs.begin());
  }
  // The first index whose x is beyond `edge` (n if none).
  std::size_t first_after(double edge) const {
    if (xs.empty())
      return static_cast<std::size_t>(std::clamp(std::floor(edge - x_first) + 1.0, 0.0, static_cast<double>(n)));
    return static_cast<std::size_t>(std::upper_bound(xs.begin(), xs.begin() + static_cast<std::ptrdiff_t>(n), edge,
                                                     [](double a, float b) { return a < b; }) - xs.begin());
  }
};

void append_break(std::vector<PolyPoint>& out) {
  if (!out.empty() && !std::isnan(out.back().y)) out.push_back({out.back().x, kNaN});
}

// Every point of [begin, end), breaks for the ones the axis cannot show.
void append_all(std::vector<PolyPoint>& out, const Series& s, std::size_t begin, std::size_t end, bool log) {
  for (std::size_t i = begin; i < end; ++i) {
    if (drawable(s.ys[i], log)) out.push_back({s.x(i), s.ys[i]});
    else append_break(out);
  }
}

// One pixel column's run [from, to), all drawable: its first, lowest, highest and last point.
void append_run(std::vector<PolyPoint>& out, const Series& s, std::size_t from, std::size_t to) {
  if (from >= to) return;
  const std::span<const float> ys = s.ys;
  // The extreme values in one branch-free pass (vectorised), then where they first occur.
  float lo_v = ys[from], hi_v = ys[from];
  for (std::size_t i = from + 1; i < to; ++i) lo_v = std::min(lo_v, ys[i]), hi_v = std::max(hi_v, ys[i]);
  // A column whose values stay between its first and last (a smooth stretch) is just that line.
  const float a = ys[from], b = ys[to - 1];
  if (lo_v >= std::min(a, b) && hi_v <= std::max(a, b)) {
    out.push_back({s.x(from), a});
    if (to - 1 > from) out.push_back({s.x(to - 1), b});
    return;
  }
  std::size_t lo = from, hi = from;
  while (ys[lo] != lo_v) ++lo;
  while (ys[hi] != hi_v) ++hi;
  std::array<std::size_t, 4> picks{from, lo, hi, to - 1};
  std::sort(picks.begin(), picks.end());
  for (std::size_t k = 0; k < picks.size(); ++k)
    if (k == 0 || picks[k] != picks[k - 1]) out.push_back({s.x(picks[k]), ys[picks[k]]});
}

// A column [from, to): points a log axis cannot show split its run and break the line (checked
// with one branch-free pass first: they are rare).
void append_column(std::vector<PolyPoint>& out, const Series& s, std::size_t from, std::size_t to, bool log) {
  bool all_drawable = true;
  const float floor = log ? 0.0f : -std::numeric_limits<float>::max();
  for (std::size_t j = from; j < to; ++j) all_drawable &= s.ys[j] > floor && s.ys[j] <= std::numeric_limits<float>::max();
  std::size_t run = from;
  if (!all_drawable)
    for (std::size_t j = from; j < to; ++j)
      if (!drawable(s.ys[j], log)) {
        append_run(out, s, run, j);
        append_break(out);
        run = j + 1;
      }
  append_run(out, s, run, to);
}
}  // namespace

std::vector<PolyPoint> decimate(std::span<const float> xs, std::span<const float> ys, float x_first, double x_lo,
                                double x_hi, int pixels, bool log) {
  std::vector<PolyPoint> out;
  const Series s{xs, ys, x_first, xs.empty() ? ys.size() : std::min(xs.size(), ys.size())};
  if (s.n == 0 || !(x_hi > x_lo)) return out;
  // The visible indices [begin, end) and one neighbour on each side.
  std::size_t begin = s.first_at_or_after(x_lo), end = s.first_after(x_hi);
  if (begin > 0) --begin;
  if (end < s.n) ++end;
  if (begin >= end) return out;
  if (end - begin <= 2 * static_cast<std::size_t>(std::max(pixels, 1))) {
    append_all(out, s, begin, end, log);
    return out;
  }
  // One group per pixel column, in index order so the line keeps going left to right. Columns
  // are found by their end index, then scanned as plain contiguous runs (cheap enough for
  // 100,000 points every frame).
  const double column = (x_hi - x_lo) / pixels;
  for (std::size_t i = begin; i < end;) {
    const long c = static_cast<long>(std::floor((s.x(i) - x_lo) / column));
    const std::size_t column_end = s.first_at_or_after(x_lo + static_cast<double>(c + 1) * column);
    const std::size_t stop = std::min(std::max(column_end, i + 1), end);
    append_column(out, s, i, stop, log);
    i = stop;
  }
  return out;
}

}  // namespace nnfs::studio
