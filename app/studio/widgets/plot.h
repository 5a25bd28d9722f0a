// Plot: a line plot drawn with ImDrawList (Debian has no ImPlot) — several series with a legend,
// axes with 1-2-5 ticks (decades on a log axis), a hover readout of the nearest point, zoom with
// the mouse wheel (x; Ctrl: y), pan by dragging, double-click to fit everything again, and
// optional vertical markers: faint dashed ones (epoch boundaries) and solid labelled ones in a
// series' colour (a setting changed during the run).
//
// The series are drawn decimated to the plot's pixel width (widgets/plot_math.h), so a 100,000
// point loss curve costs about as much as a 2,000 point one.
#pragma once

#include <span>
#include <string>

#include <imgui.h>

#include "app/studio/widgets/plot_math.h"

namespace nnfs::studio {

struct PlotSeries {
  std::string label;
  ImU32 color = 0;
  std::span<const float> y;
  std::span<const float> x;   // ascending; empty: x = x_first + i
  float x_first = 1.0f;
  float thickness = 1.5f;
  bool points = false;        // a dot on every point while there is room (epoch values)
  bool in_legend = true;
};

// A solid vertical line at x in `color`, with a small flag and `label` at its top (a change of
// the learning rate, the epochs or augmentation made while the run trained).
struct PlotMarker {
  float x = 0.0f;
  ImU32 color = 0;
  std::string label;
};

// What the plot shows besides its series. `y_format` and `x_format` print the hover readout's
// numbers (printf, one double).
struct PlotAxes {
  std::string title;                  // top left, above the plot area
  std::string x_label;                // under the x ticks ("batch", "epoch")
  const char* x_format = "%.0f";
  const char* y_format = "%.4f";
  bool log_y = false;
  double x_min_step = 0.0;            // 1: ticks only on whole numbers (epochs)
  std::span<const float> x_markers;   // faint vertical lines (epoch boundaries)
  std::span<const PlotMarker> changes;  // solid labelled lines (changes made during a run)
};

// What one plot remembers between frames (owned by its panel).
struct PlotView {
  bool fit_x = true, fit_y = true;    // follow the data (y: the visible part); zoom or pan stops it
  void fit() { fit_x = fit_y = true; }
  AxisRange x, y;
  ImVec2 rect_min{0, 0}, rect_max{0, 0};  // where the whole widget was drawn last (screen)
};

// Draws the plot at the cursor, `size` in pixels, and handles its mouse input (unless
// `interactive` is false: no hover readout, for pictures of it). Returns true while hovered.
bool draw_plot(const char* id, PlotView& view, const PlotAxes& axes, std::span<const PlotSeries> series, ImVec2 size,
               bool interactive = true);

}  // namespace nnfs::studio
