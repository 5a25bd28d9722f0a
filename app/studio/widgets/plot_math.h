// The arithmetic behind the plot widget (widgets/plot.h), free of ImGui and OpenGL so that it is
// unit-tested: axis ticks, the log transform, smoothing, nearest-point lookup and the decimation
// that keeps a 100,000-point series cheap to draw.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace nnfs::studio {

// Tick positions for the closed range [lo, hi]: multiples of a 1-2-5 step (…, 0.1, 0.2, 0.5, 1,
// 2, 5, 10, …) chosen so that at most `max_ticks` fall inside. `min_step` > 0 keeps the step at
// or above it (1 for an axis of epochs). Empty for an empty or non-finite range.
struct Ticks {
  std::vector<double> values;
  double step = 0.0;  // for formatting; 0 for log ticks
};
Ticks linear_ticks(double lo, double hi, int max_ticks, double min_step = 0.0);

// Ticks for a log axis over [lo, hi] (both > 0): powers of ten (every n-th decade when there are
// too many); within less than two decades 1-2-5 multiples of powers of ten, and failing that the
// linear ticks.
Ticks log_ticks(double lo, double hi, int max_ticks);

// A tick label: as many decimals as the step needs ("0.25", "3", "20k" for 20000 on a step of at
// least 1000); step 0 (log ticks): compact "%g"-style ("0.001", "1e-05").
std::string format_tick(double value, double step);

// An axis range and its transform to 0..1 (log axes in log10 space). Values <= 0 on a log axis
// map to nothing (nullopt from to_unit).
struct AxisRange {
  double lo = 0.0, hi = 1.0;
  bool log = false;
  std::optional<double> to_unit(double v) const;  // lo → 0, hi → 1
  double from_unit(double u) const;                // the inverse
  // Zooms by `factor` (< 1 zooms in) around the point at unit position `u`.
  AxisRange zoomed(double u, double factor) const;
  // Moves the range by `du` of its length (in transformed space).
  AxisRange panned(double du) const;
};

// A range that holds all of `values` (finite ones; positive ones on a log axis), with a margin of
// `margin` of the length on both sides; a single value or none gets a sensible non-empty range.
AxisRange fit_range(std::span<const float> values, bool log, double margin);
AxisRange fit_range(double lo, double hi, bool log, double margin);

// An exponential moving average that can be extended as values arrive (the per-batch loss):
// smoothed[i] = debiased EMA of raw[0..i] with weight `smoothing` on the past (0: no smoothing,
// 0.99: heavy), TensorBoard's definition, so the first points are not pulled towards 0.
// Non-finite raw values are passed through and do not enter the average.
class Smoothed {
 public:
  // Brings `values()` up to date with `raw`; recomputes from the start when the smoothing
  // changed or `raw` no longer starts with what was seen (shorter, or another last value seen:
  // a new history), else only the new tail.
  void update(std::span<const float> raw, float smoothing);
  const std::vector<float>& values() const { return values_; }

 private:
  std::vector<float> values_;
  float smoothing_ = -1.0f;
  float last_raw_ = 0.0f;  // raw[values_.size() - 1]
  double average_ = 0.0, weight_ = 0.0;
};

// The index of the x nearest to `x` in ascending `xs` (nullopt when empty).
std::optional<std::size_t> nearest_index(std::span<const float> xs, double x);

// A polyline ready to draw, in data coordinates.
struct PolyPoint {
  float x, y;
};

// The points of a series to draw over the visible x range [x_lo, x_hi] at `pixels` columns.
// `xs` ascending, or empty: x = x_first + i. When more than two points share a pixel column,
// each column keeps its first, lowest, highest and last point in x order (the line's full
// vertical extent; only the first and last where the others lie between them), so 100,000
// points on 600 pixels become at most 2,400 that look the same.
// The point just outside each end is kept so the line reaches the edges. Non-finite y values
// (and y <= 0 when `log`) break the line: they come out as a point with y = NaN.
std::vector<PolyPoint> decimate(std::span<const float> xs, std::span<const float> ys, float x_first, double x_lo,
                                double x_hi, int pixels, bool log);

}  // namespace nnfs::studio
