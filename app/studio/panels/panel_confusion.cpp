// Confusion tab: the confusion matrix of the latest evaluation report as a heat map — counts in
// the cells, rows (true classes) normalised to rates for the colour, per-class accuracy on the
// right. Clicking a cell off the diagonal (or a class name) filters the Mistakes gallery to it.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "app/studio/format.h"
#include "app/studio/panels/panels.h"
#include "app/studio/panels/report_view.h"

namespace nnfs::studio {

namespace {
ImVec4 mix(const ImVec4& a, const ImVec4& b, float t) {
  return ImVec4(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t, a.z + (b.z - a.z) * t, 1.0f);
}

// Black or white, whichever reads better on `bg`.
ImU32 text_on(const ImVec4& bg) {
  const float luminance = 0.2126f * bg.x + 0.7152f * bg.y + 0.0722f * bg.z;
  return luminance > 0.5f ? IM_COL32(20, 20, 24, 255) : IM_COL32(245, 245, 248, 255);
}

// Correct predictions in blue by their rate; confusions in red, on a square-root scale that
// saturates at 10% and starts visibly, so that a single mistake shows next to a 99% diagonal.
ImVec4 cell_color(const AppState& s, bool diagonal, double rate) {
  const bool light = s.settings.theme == "light";
  const ImVec4 bg = ImGui::GetStyleColorVec4(ImGuiCol_WindowBg);
  const ImVec4 blue = light ? ImVec4(0.15f, 0.42f, 0.85f, 1) : ImVec4(0.22f, 0.50f, 0.92f, 1);
  const ImVec4 red = light ? ImVec4(0.85f, 0.22f, 0.15f, 1) : ImVec4(0.93f, 0.36f, 0.25f, 1);
  if (diagonal) return mix(bg, blue, static_cast<float>(std::clamp(rate, 0.0, 1.0)));
  if (rate <= 0.0) return bg;
  return mix(bg, red, static_cast<float>(0.15 + 0.85 * std::min(1.0, std::sqrt(rate / 0.1))));
}

void show_mistakes(AppState& s, int truth, int predicted) {
  s.training.filter = {truth, predicted};
  s.tabs.bottom = static_cast<int>(BottomTab::Mistakes);
}

void draw_summary(const EvaluationReport& r) {
  ImGui::Text("%.2f%% correct", 100.0 * r.summary.accuracy);
  ImGui::SameLine();
  if (r.epoch > 0)
    ImGui::TextDisabled("%s test images, after epoch %zu", format_count(r.summary.count).c_str(), r.epoch);
  else
    ImGui::TextDisabled("%s test images", format_count(r.summary.count).c_str());
  ImGui::TextDisabled("Rows: true class, columns: predicted. Click a cell or a class to see its mistakes.");
}

// Where the matrix goes: a column of class names, k x k cells, a column of accuracies, all below
// the column headers.
struct MatrixGeometry {
  int k = 0;
  std::vector<std::string> names;
  float font = 0, name_w = 0, acc_w = 0, header_h = 0;
  float cw = 0, ch = 0;  // a cell
  ImVec2 origin, grid;   // the top left of everything, of the cells
  ImVec2 cell(int i, int j) const { return {grid.x + static_cast<float>(j) * cw, grid.y + static_cast<float>(i) * ch}; }
};

MatrixGeometry matrix_geometry(const AppState& s, std::size_t classes) {
  MatrixGeometry g;
  g.k = static_cast<int>(classes);
  g.names = report_class_names(s, classes);
  g.font = ImGui::GetFontSize();
  g.name_w = ImGui::CalcTextSize("true").x;
  for (const std::string& n : g.names) g.name_w = std::max(g.name_w, ImGui::CalcTextSize(n.c_str()).x);
  g.name_w += g.font * 0.8f;
  g.acc_w = ImGui::CalcTextSize("accuracy").x + g.font * 0.8f;
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  g.header_h = g.font * 2.6f;
  // Cells as wide as the panel allows (room for "1135") and as tall as it allows, no taller than wide.
  const auto k = static_cast<float>(g.k);
  g.cw = std::floor(std::clamp((avail.x - g.name_w - g.acc_w) / k, g.font * 1.6f, g.font * 4.0f));
  g.ch = std::floor(std::clamp((avail.y - g.header_h) / k, g.font * 1.35f, g.cw));
  g.origin = ImGui::GetCursorScreenPos();
  g.grid = ImVec2(g.origin.x + g.name_w, g.origin.y + g.header_h);
  return g;
}

// Axis titles and column headers (click: mistakes predicted as that class).
void draw_column_headers(AppState& s, const MatrixGeometry& g, ImDrawList* dl) {
  const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text), dim = ImGui::GetColorU32(ImGuiCol_TextDisabled);
  const MistakeFilter f = s.training.filter;
  dl->AddText(ImVec2(g.grid.x, g.origin.y), dim, "predicted →");
  dl->AddText(ImVec2(g.origin.x, g.grid.y - g.font * 1.2f), dim, "true ↓");
  for (int j = 0; j < g.k; ++j) {
    const ImVec2 a(g.cell(0, j).x, g.grid.y - g.font * 1.3f), b(a.x + g.cw, g.grid.y);
    ImGui::SetCursorScreenPos(a);
    ImGui::PushID(1000 + j);
    if (ImGui::InvisibleButton("##col", ImVec2(g.cw, b.y - a.y))) show_mistakes(s, -1, j);
    const bool hovered = ImGui::IsItemHovered();
    const char* name = g.names[j].c_str();
    if (hovered) ImGui::SetTooltip("Predicted %s\nClick: the mistakes predicted as %s", name, name);
    draw_centred_text(dl, a, b, hovered || (f.predicted == j && f.truth < 0) ? s.colors.accent : text, g.names[j]);
    ImGui::PopID();
  }
  const ImVec2 a(g.cell(0, g.k).x, g.grid.y - g.font * 1.3f);
  draw_centred_text(dl, a, ImVec2(a.x + g.acc_w, g.grid.y), dim, "accuracy");
}

// Row header (click: the mistakes of that true class).
void draw_row_header(AppState& s, const MatrixGeometry& g, int i, ImDrawList* dl) {
  const float y = g.cell(i, 0).y;
  const MistakeFilter f = s.training.filter;
  ImGui::SetCursorScreenPos(ImVec2(g.origin.x, y));
  if (ImGui::InvisibleButton("##row", ImVec2(g.name_w, g.ch))) show_mistakes(s, i, -1);
  const bool hovered = ImGui::IsItemHovered();
  if (hovered) ImGui::SetTooltip("True class %s\nClick: its mistakes", g.names[i].c_str());
  const ImVec2 label = ImGui::CalcTextSize(g.names[i].c_str());
  dl->AddText(ImVec2(g.grid.x - label.x - g.font * 0.4f, y + (g.ch - label.y) * 0.5f),
              hovered || (f.truth == i && f.predicted < 0) ? s.colors.accent : ImGui::GetColorU32(ImGuiCol_Text),
              g.names[i].c_str());
}

// One cell: its colour and count, a tooltip, and a click that shows its mistakes.
void draw_cell(AppState& s, const MatrixGeometry& g, int i, int j, std::size_t count, std::size_t total,
               ImDrawList* dl) {
  const double rate = total ? static_cast<double>(count) / static_cast<double>(total) : 0.0;
  const ImVec2 a = g.cell(i, j), b(a.x + g.cw, a.y + g.ch);
  const ImVec4 bg = cell_color(s, i == j, rate);
  dl->AddRectFilled(a, b, ImGui::ColorConvertFloat4ToU32(bg));
  if (count > 0 || i == j) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "%zu", count);
    if (ImGui::CalcTextSize(buf).x <= g.cw - 2.0f) draw_centred_text(dl, a, b, text_on(bg), buf);
  }
  ImGui::SetCursorScreenPos(a);
  ImGui::PushID(j);
  const bool clicked = ImGui::InvisibleButton("##cell", ImVec2(g.cw, g.ch));
  ImGui::PopID();
  const MistakeFilter f = s.training.filter;
  const bool selected = f.truth == i && f.predicted == j;
  const bool hovered = ImGui::IsItemHovered();
  if (hovered || selected) dl->AddRect(a, b, selected ? s.colors.accent : ImGui::GetColorU32(ImGuiCol_Text), 0.0f, 0, 2.0f);
  const char *truth = g.names[i].c_str(), *predicted = g.names[j].c_str();
  if (hovered && i == j) ImGui::SetTooltip("%s: %zu of %zu correct (%.2f%%)", truth, count, total, 100.0 * rate);
  if (hovered && i != j)
    ImGui::SetTooltip("True %s, predicted %s: %zu images\n%.2f%% of the %zu %s images%s", truth, predicted, count,
                      100.0 * rate, total, truth, count ? "\nClick: show them in Mistakes" : "");
  if (clicked && i != j && count > 0) show_mistakes(s, i, j);
}

void draw_row(AppState& s, const EvaluationReport& r, const MatrixGeometry& g, int i, ImDrawList* dl) {
  const auto& row = r.summary.confusion[static_cast<std::size_t>(i)];
  ImGui::PushID(i);
  draw_row_header(s, g, i, dl);
  std::size_t total = 0;
  for (const std::size_t c : row) total += c;
  for (int j = 0; j < g.k; ++j) draw_cell(s, g, i, j, row[static_cast<std::size_t>(j)], total, dl);
  const double acc = static_cast<std::size_t>(i) < r.class_accuracy.size() ? r.class_accuracy[i] : 0.0;
  char buf[24];
  std::snprintf(buf, sizeof buf, total ? "%.1f%%" : "–", 100.0 * acc);
  const ImVec2 a = g.cell(i, g.k);
  draw_centred_text(dl, a, ImVec2(a.x + g.acc_w, a.y + g.ch),
                    ImGui::GetColorU32(total ? ImGuiCol_Text : ImGuiCol_TextDisabled), buf);
  ImGui::PopID();
}

void draw_matrix(AppState& s, const EvaluationReport& r) {
  const MatrixGeometry g = matrix_geometry(s, r.summary.confusion.size());
  ImDrawList* dl = ImGui::GetWindowDrawList();
  draw_column_headers(s, g, dl);
  for (int i = 0; i < g.k; ++i) draw_row(s, r, g, i, dl);
  // Grid lines in the window colour keep the cells apart.
  const ImU32 line = ImGui::GetColorU32(ImGuiCol_WindowBg);
  const float gw = static_cast<float>(g.k) * g.cw, gh = static_cast<float>(g.k) * g.ch;
  for (int t = 1; t < g.k; ++t) {
    const ImVec2 c = g.cell(t, t);
    dl->AddLine(ImVec2(c.x, g.grid.y), ImVec2(c.x, g.grid.y + gh), line);
    dl->AddLine(ImVec2(g.grid.x, c.y), ImVec2(g.grid.x + gw, c.y), line);
  }
  ImGui::SetCursorScreenPos(g.origin);
  ImGui::Dummy(ImVec2(g.name_w + gw + g.acc_w, g.header_h + gh));
}
}  // namespace

void draw_confusion_tab(AppState& s) {
  if (draw_report_empty_state(s, "which classes the model confuses: a matrix of true against predicted classes"))
    return;
  const EvaluationReport& r = *s.training.report;
  if (r.summary.confusion.empty()) {
    draw_empty_state("No confusion matrix", "The model's outputs are not classes, or the test data have no labels.");
    return;
  }
  draw_summary(r);
  ImGui::Spacing();
  draw_matrix(s, r);
}

}  // namespace nnfs::studio
