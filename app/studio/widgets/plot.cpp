#include "app/studio/widgets/plot.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <vector>

#include <imgui_internal.h>  // SetItemUsingMouseWheel: the wheel zooms instead of scrolling the tab

namespace nnfs::studio {

namespace {
struct Area {
  ImVec2 min, max;
  float width() const { return max.x - min.x; }
  float height() const { return max.y - min.y; }
  bool contains(ImVec2 p) const { return p.x >= min.x && p.x <= max.x && p.y >= min.y && p.y <= max.y; }
};

std::size_t length(const PlotSeries& s) { return s.x.empty() ? s.y.size() : std::min(s.x.size(), s.y.size()); }
float x_at(const PlotSeries& s, std::size_t i) { return s.x.empty() ? s.x_first + static_cast<float>(i) : s.x[i]; }

// The index of the point nearest to `x` (nullopt for an empty series).
std::optional<std::size_t> nearest(const PlotSeries& s, double x) {
  const std::size_t n = length(s);
  if (n == 0) return std::nullopt;
  if (!s.x.empty()) return nearest_index(s.x.first(n), x);
  return static_cast<std::size_t>(std::clamp(std::round(x - s.x_first), 0.0, static_cast<double>(n - 1)));
}

AxisRange fit_x(std::span<const PlotSeries> series, bool margin) {
  double lo = INFINITY, hi = -INFINITY;
  for (const PlotSeries& s : series)
    if (const std::size_t n = length(s); n > 0) {
      lo = std::min(lo, static_cast<double>(x_at(s, 0)));
      hi = std::max(hi, static_cast<double>(x_at(s, n - 1)));
    }
  return fit_range(lo, hi, false, margin ? 0.03 : 0.0);
}

AxisRange fit_y(const std::vector<std::vector<PolyPoint>>& lines, bool log) {
  double lo = INFINITY, hi = -INFINITY;
  for (const auto& line : lines)
    for (const PolyPoint& p : line)
      if (std::isfinite(p.y) && (!log || p.y > 0.0f))
        lo = std::min(lo, static_cast<double>(p.y)), hi = std::max(hi, static_cast<double>(p.y));
  return fit_range(lo, hi, log, 0.06);
}

// Title on the left, legend entries (a short line in the series colour, its label) on the right;
// the legend moves to rows of its own, as many as it needs, when both do not fit. Returns the
// rows' height.
float draw_header(ImDrawList* dl, ImVec2 pos, float width, const std::string& title, std::span<const PlotSeries> series) {
  const float font = ImGui::GetFontSize(), swatch = font * 1.1f, gap = font * 0.9f;
  const auto entry_w = [&](const PlotSeries& s) { return swatch + font * 0.3f + ImGui::CalcTextSize(s.label.c_str()).x + gap; };
  float legend_w = 0.0f;
  for (const PlotSeries& s : series)
    if (s.in_legend) legend_w += entry_w(s);
  const float title_w = ImGui::CalcTextSize(title.c_str()).x;
  dl->AddText(pos, ImGui::GetColorU32(ImGuiCol_Text), title.c_str());
  const bool own_rows = title_w + gap + legend_w > width;
  ImVec2 p(pos.x + (own_rows ? 0.0f : std::max(0.0f, width - legend_w + gap)), pos.y + (own_rows ? font * 1.25f : 0.0f));
  for (const PlotSeries& s : series) {
    if (!s.in_legend) continue;
    if (own_rows && p.x > pos.x && p.x + entry_w(s) - gap > pos.x + width) p = ImVec2(pos.x, p.y + font * 1.25f);
    const float mid = p.y + font * 0.55f;
    ImVec4 color = ImGui::ColorConvertU32ToFloat4(s.color);
    color.w = std::max(color.w, 0.6f);  // a faint series still gets a visible swatch
    dl->AddLine(ImVec2(p.x, mid), ImVec2(p.x + swatch, mid), ImGui::ColorConvertFloat4ToU32(color), 2.5f);
    p.x += swatch + font * 0.3f;
    dl->AddText(p, ImGui::GetColorU32(ImGuiCol_Text), s.label.c_str());
    p.x += ImGui::CalcTextSize(s.label.c_str()).x + gap;
  }
  return own_rows ? p.y - pos.y + font * 1.25f : font * 1.4f;
}

// Screen position of a data point; nullopt for a point the axis cannot show (y <= 0 on log).
std::optional<ImVec2> to_screen(const Area& a, const AxisRange& x, const AxisRange& y, double px, double py) {
  const std::optional<double> u = x.to_unit(px), v = y.to_unit(py);
  if (!u || !v) return std::nullopt;
  return ImVec2(a.min.x + static_cast<float>(*u) * a.width(), a.max.y - static_cast<float>(*v) * a.height());
}

// A series with several points per pixel column (a long noisy loss) as one vertical bar per
// column from its lowest to its highest point: a fraction of the triangles of the zigzag line,
// which matters to software OpenGL (Mesa's llvmpipe under Xvfb).
void draw_columns(ImDrawList* dl, const Area& a, const PlotView& view, const PlotSeries& s,
                  const std::vector<PolyPoint>& points) {
  float column = NAN, top = 0.0f, bottom = 0.0f;
  const float w = std::max(1.0f, s.thickness);
  const auto flush = [&] {
    if (!std::isnan(column)) dl->AddRectFilled(ImVec2(column, top), ImVec2(column + w, bottom + 1.0f), s.color);
  };
  for (const PolyPoint& p : points) {
    const auto q = std::isnan(p.y) ? std::nullopt : to_screen(a, view.x, view.y, p.x, p.y);
    if (!q) continue;
    const float x = std::floor(q->x);
    if (x != column) {
      flush();
      column = x, top = bottom = q->y;
    }
    top = std::min(top, q->y), bottom = std::max(bottom, q->y);
  }
  flush();
}

void draw_line(ImDrawList* dl, const Area& a, const PlotView& view, const PlotSeries& s,
               const std::vector<PolyPoint>& points, std::vector<ImVec2>& scratch) {
  if (static_cast<float>(points.size()) > 2.5f * a.width()) {
    draw_columns(dl, a, view, s, points);
    return;
  }
  scratch.clear();
  const auto flush = [&] {
    if (scratch.size() >= 2) dl->AddPolyline(scratch.data(), static_cast<int>(scratch.size()), s.color, 0, s.thickness);
    scratch.clear();
  };
  for (const PolyPoint& p : points) {
    if (std::isnan(p.y)) {
      flush();
      continue;
    }
    if (const auto q = to_screen(a, view.x, view.y, p.x, p.y)) scratch.push_back(*q);
  }
  // A single point (one epoch) has no line: its dot shows it.
  if (s.points && points.size() * 6 < static_cast<std::size_t>(a.width()))
    for (const PolyPoint& p : points)
      if (const auto q = std::isnan(p.y) ? std::nullopt : to_screen(a, view.x, view.y, p.x, p.y))
        dl->AddCircleFilled(*q, s.thickness + 1.5f, s.color);
  flush();
}

// At most `max_ticks` x ticks whose labels do not touch each other.
Ticks x_ticks(const AxisRange& x, float width, double min_step) {
  const float font = ImGui::GetFontSize();
  int max_ticks = std::max(2, static_cast<int>(width / (font * 2.0f)));
  for (;;) {
    Ticks t = linear_ticks(x.lo, x.hi, max_ticks, min_step);
    float widest = 0.0f;
    for (const double v : t.values) widest = std::max(widest, ImGui::CalcTextSize(format_tick(v, t.step).c_str()).x);
    if (max_ticks <= 2 || static_cast<float>(t.values.size()) * (widest + font) <= width) return t;
    max_ticks = std::max(2, max_ticks * 2 / 3);
  }
}

void draw_axes(ImDrawList* dl, const Area& a, const PlotView& view, const PlotAxes& axes, const Ticks& yt,
               const Ticks& xt, ImVec2 widget_min) {
  const float font = ImGui::GetFontSize();
  const ImU32 grid = ImGui::GetColorU32(ImGuiCol_Border, 0.55f);
  const ImU32 label = ImGui::GetColorU32(ImGuiCol_TextDisabled);
  // A log axis gets faint unlabelled lines at 2..9 times each power of ten while the decades are
  // tall enough to tell them apart.
  const double decades = view.y.log ? std::log10(view.y.hi / view.y.lo) : 0.0;
  if (view.y.log && decades > 0.0 && a.height() / decades >= font * 2.5f) {
    const ImU32 minor = ImGui::GetColorU32(ImGuiCol_Border, 0.22f);
    for (int d = static_cast<int>(std::floor(std::log10(view.y.lo))); d <= static_cast<int>(std::ceil(std::log10(view.y.hi))); ++d)
      for (int m = 2; m <= 9; ++m)
        if (const auto u = view.y.to_unit(m * std::pow(10.0, d)); u && *u > 0.0 && *u < 1.0) {
          const float y = a.max.y - static_cast<float>(*u) * a.height();
          dl->AddLine(ImVec2(a.min.x, y), ImVec2(a.max.x, y), minor);
        }
  }
  for (const double v : yt.values) {
    const auto u = view.y.to_unit(v);
    if (!u) continue;
    const float y = a.max.y - static_cast<float>(*u) * a.height();
    dl->AddLine(ImVec2(a.min.x, y), ImVec2(a.max.x, y), grid);
    const std::string text = format_tick(v, yt.step);
    const ImVec2 size = ImGui::CalcTextSize(text.c_str());
    dl->AddText(ImVec2(a.min.x - size.x - font * 0.4f, std::clamp(y - size.y * 0.5f, widget_min.y, a.max.y - size.y * 0.5f)),
                label, text.c_str());
  }
  for (const double v : xt.values) {
    const float x = a.min.x + static_cast<float>(*view.x.to_unit(v)) * a.width();
    dl->AddLine(ImVec2(x, a.min.y), ImVec2(x, a.max.y), grid);
    const std::string text = format_tick(v, xt.step);
    const float w = ImGui::CalcTextSize(text.c_str()).x;
    dl->AddText(ImVec2(std::clamp(x - w * 0.5f, widget_min.x, a.max.x - w), a.max.y + font * 0.2f), label, text.c_str());
  }
  if (!axes.x_label.empty()) {
    const float w = ImGui::CalcTextSize(axes.x_label.c_str()).x;
    dl->AddText(ImVec2(a.min.x + (a.width() - w) * 0.5f, a.max.y + font * 1.3f), label, axes.x_label.c_str());
  }
  dl->AddRect(a.min, a.max, ImGui::GetColorU32(ImGuiCol_Border));
}

// Faint vertical lines at the markers, when they are far enough apart to tell.
void draw_markers(ImDrawList* dl, const Area& a, const PlotView& view, std::span<const float> markers) {
  if (markers.size() < 1) return;
  if (markers.size() >= 2) {
    const double spacing = (markers[1] - markers[0]) / (view.x.hi - view.x.lo) * a.width();
    if (spacing < 6.0) return;
  }
  const ImU32 color = ImGui::GetColorU32(ImGuiCol_Text, 0.22f);
  for (const float m : markers)
    if (m >= view.x.lo && m <= view.x.hi) {
      const float x = a.min.x + static_cast<float>(*view.x.to_unit(m)) * a.width();
      for (float y = a.min.y; y < a.max.y; y += 6.0f) dl->AddLine(ImVec2(x, y), ImVec2(x, std::min(y + 3.0f, a.max.y)), color);
    }
}

// Solid lines with a flag at the top; the label beside the flag while it fits in the plot.
void draw_changes(ImDrawList* dl, const Area& a, const PlotView& view, std::span<const PlotMarker> changes) {
  const float font = ImGui::GetFontSize();
  for (const PlotMarker& m : changes) {
    if (m.x < view.x.lo || m.x > view.x.hi) continue;
    const float x = a.min.x + static_cast<float>(*view.x.to_unit(m.x)) * a.width();
    dl->AddLine(ImVec2(x, a.min.y), ImVec2(x, a.max.y), m.color, 1.5f);
    dl->AddTriangleFilled(ImVec2(x, a.min.y), ImVec2(x + font * 0.6f, a.min.y + font * 0.3f), ImVec2(x, a.min.y + font * 0.6f),
                          m.color);
    const float w = ImGui::CalcTextSize(m.label.c_str()).x;
    if (!m.label.empty() && x + font * 0.7f + w <= a.max.x)
      dl->AddText(ImVec2(x + font * 0.7f, a.min.y), ImGui::GetColorU32(ImGuiCol_Text), m.label.c_str());
  }
}

// The readout: the series point nearest to the pointer, and every series' value at that x.
void draw_hover(ImDrawList* dl, const Area& a, const PlotView& view, const PlotAxes& axes,
                std::span<const PlotSeries> series, ImVec2 mouse) {
  const double mx = view.x.from_unit((mouse.x - a.min.x) / a.width());
  float best = INFINITY;
  std::optional<double> x;
  for (const PlotSeries& s : series)
    if (const auto i = nearest(s, mx))
      if (const auto q = to_screen(a, view.x, view.y, x_at(s, *i), s.y[*i]); q && std::isfinite(s.y[*i])) {
        const float d = std::hypot(q->x - mouse.x, q->y - mouse.y);
        if (d < best) best = d, x = x_at(s, *i);
      }
  if (!x || best > ImGui::GetFontSize() * 6.0f) return;
  if (const auto top = to_screen(a, view.x, AxisRange{0, 1, false}, *x, 1.0))
    dl->AddLine(ImVec2(top->x, a.min.y), ImVec2(top->x, a.max.y), ImGui::GetColorU32(ImGuiCol_Text, 0.35f));
  ImGui::BeginTooltip();
  char buf[64];
  std::snprintf(buf, sizeof buf, axes.x_format, *x);
  ImGui::Text("%s %s", axes.x_label.c_str(), buf);
  for (const PlotSeries& s : series) {
    const auto i = nearest(s, *x);
    if (!i || x_at(s, *i) != static_cast<float>(*x)) continue;
    if (const auto q = to_screen(a, view.x, view.y, *x, s.y[*i])) dl->AddCircleFilled(*q, 4.0f, s.color);
    std::snprintf(buf, sizeof buf, axes.y_format, static_cast<double>(s.y[*i]));
    ImVec4 color = ImGui::ColorConvertU32ToFloat4(s.color);
    color.w = std::max(color.w, 0.75f);  // a faint series still gets a readable label
    ImGui::TextColored(color, "%s", s.label.c_str());
    ImGui::SameLine();
    ImGui::TextUnformatted(buf);
  }
  ImGui::EndTooltip();
}

void handle_input(PlotView& view, const Area& a) {
  const ImGuiIO& io = ImGui::GetIO();
  const bool hovered = ImGui::IsItemHovered();
  if (hovered && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) {
    view.fit();
    return;
  }
  // The wheel zooms x around the pointer while y keeps fitting what is visible; Ctrl+wheel zooms y.
  if (hovered && io.MouseWheel != 0.0f) {
    const double factor = std::pow(0.8, io.MouseWheel);
    if (io.KeyCtrl) {
      view.y = view.y.zoomed(std::clamp((a.max.y - io.MousePos.y) / a.height(), 0.0f, 1.0f), factor);
      view.fit_y = false;
    } else {
      view.x = view.x.zoomed(std::clamp((io.MousePos.x - a.min.x) / a.width(), 0.0f, 1.0f), factor);
      view.fit_x = false;
    }
  }
  // Dragging pans x, and y once it no longer fits the data.
  if (ImGui::IsItemActive() && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 2.0f)) {
    if (io.MouseDelta.x != 0.0f) {
      view.x = view.x.panned(-io.MouseDelta.x / a.width());
      view.fit_x = false;
    }
    if (io.MouseDelta.y != 0.0f && !view.fit_y) view.y = view.y.panned(io.MouseDelta.y / a.height());
  }
}
}  // namespace

bool draw_plot(const char* id, PlotView& view, const PlotAxes& axes, std::span<const PlotSeries> series, ImVec2 size,
               bool interactive) {
  size.x = std::max(size.x, 40.0f);
  size.y = std::max(size.y, 40.0f);
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton(id, size);
  ImGui::SetItemUsingMouseWheel();
  view.rect_min = pos;
  view.rect_max = ImVec2(pos.x + size.x, pos.y + size.y);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float font = ImGui::GetFontSize();

  const float header = draw_header(dl, pos, size.x, axes.title, series);
  const float bottom = font * (axes.x_label.empty() ? 1.4f : 2.5f);
  const float height = size.y - header - bottom;
  if (height < font * 2.0f) return false;

  const bool has_points = std::any_of(series.begin(), series.end(), [](const PlotSeries& s) { return s.points; });
  if (view.fit_x) view.x = fit_x(series, has_points);
  // Decimated for the whole widget width (the plot area is a little narrower): the y fit needs
  // the points before the y labels fix the plot area's left edge.
  std::vector<std::vector<PolyPoint>> lines;
  lines.reserve(series.size());
  for (const PlotSeries& s : series)
    lines.push_back(decimate(s.x, s.y.first(length(s)), s.x_first, view.x.lo, view.x.hi, static_cast<int>(size.x), axes.log_y));
  if (view.fit_y || view.y.log != axes.log_y) view.y = fit_y(lines, axes.log_y);

  const int max_y_ticks = std::max(2, static_cast<int>(height / (font * 2.2f)));
  const Ticks yt = axes.log_y ? log_ticks(view.y.lo, view.y.hi, max_y_ticks) : linear_ticks(view.y.lo, view.y.hi, max_y_ticks);
  float label_w = 0.0f;
  for (const double v : yt.values) label_w = std::max(label_w, ImGui::CalcTextSize(format_tick(v, yt.step).c_str()).x);
  const Area a{ImVec2(pos.x + label_w + font * 0.8f, pos.y + header), ImVec2(pos.x + size.x - font * 0.5f, pos.y + header + height)};
  if (a.width() < font * 2.0f) return false;
  const Ticks xt = x_ticks(view.x, a.width(), axes.x_min_step);

  dl->AddRectFilled(a.min, a.max, ImGui::GetColorU32(ImGuiCol_FrameBg, 0.35f));
  draw_axes(dl, a, view, axes, yt, xt, pos);
  dl->PushClipRect(a.min, a.max, true);
  draw_markers(dl, a, view, axes.x_markers);
  std::vector<ImVec2> scratch;
  for (std::size_t i = 0; i < series.size(); ++i) draw_line(dl, a, view, series[i], lines[i], scratch);
  draw_changes(dl, a, view, axes.changes);
  const bool hovered = interactive && ImGui::IsItemHovered();
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  if (hovered && !ImGui::IsItemActive() && a.contains(mouse)) draw_hover(dl, a, view, axes, series, mouse);
  dl->PopClipRect();
  if (interactive) handle_input(view, a);
  return hovered;
}

}  // namespace nnfs::studio
