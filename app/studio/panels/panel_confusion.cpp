// Confusion tab: the confusion matrix of the latest evaluation report as a heat map — counts in
// the cells, rows (true classes) normalised to rates for the colour, per-class accuracy on the
// right. Clicking a cell off the diagonal (or a class name) filters the Mistakes gallery to it.
#include <algorithm>
#include <cmath>
#include <cstdio>

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

void draw_matrix(AppState& s, const EvaluationReport& r) {
  const auto& m = r.summary.confusion;
  const int k = static_cast<int>(m.size());
  const std::vector<std::string> names = report_class_names(s, m.size());
  const float font = ImGui::GetFontSize();
  float name_w = ImGui::CalcTextSize("true").x;
  for (const std::string& n : names) name_w = std::max(name_w, ImGui::CalcTextSize(n.c_str()).x);
  name_w += font * 0.8f;
  const float acc_w = ImGui::CalcTextSize("accuracy").x + font * 0.8f;
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float header_h = font * 2.6f;
  // Cells as wide as the panel allows (room for "1135") and as tall as it allows, no taller than wide.
  const float cw = std::floor(std::clamp((avail.x - name_w - acc_w) / static_cast<float>(k), font * 1.6f, font * 4.0f));
  const float ch = std::floor(std::clamp((avail.y - header_h) / static_cast<float>(k), font * 1.35f, cw));
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImVec2 grid(origin.x + name_w, origin.y + header_h);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text), dim = ImGui::GetColorU32(ImGuiCol_TextDisabled);
  const ImU32 accent = s.colors.accent;
  const MistakeFilter f = s.training.filter;

  // Axis titles and column headers (click: mistakes predicted as that class).
  dl->AddText(ImVec2(grid.x, origin.y), dim, "predicted →");
  dl->AddText(ImVec2(origin.x, grid.y - font * 1.2f), dim, "true ↓");
  for (int j = 0; j < k; ++j) {
    const ImVec2 a(grid.x + static_cast<float>(j) * cw, grid.y - font * 1.3f), b(a.x + cw, grid.y);
    ImGui::SetCursorScreenPos(a);
    ImGui::PushID(1000 + j);
    if (ImGui::InvisibleButton("##col", ImVec2(cw, b.y - a.y))) show_mistakes(s, -1, j);
    const bool hovered = ImGui::IsItemHovered();
    if (hovered) ImGui::SetTooltip("Predicted %s\nClick: the mistakes predicted as %s", names[j].c_str(), names[j].c_str());
    draw_centred_text(dl, a, b, hovered || (f.predicted == j && f.truth < 0) ? accent : text, names[j]);
    ImGui::PopID();
  }
  {
    const ImVec2 a(grid.x + static_cast<float>(k) * cw, grid.y - font * 1.3f);
    draw_centred_text(dl, a, ImVec2(a.x + acc_w, grid.y), dim, "accuracy");
  }

  for (int i = 0; i < k; ++i) {
    const float y = grid.y + static_cast<float>(i) * ch;
    // Row header (click: the mistakes of that true class).
    ImGui::SetCursorScreenPos(ImVec2(origin.x, y));
    ImGui::PushID(i);
    if (ImGui::InvisibleButton("##row", ImVec2(name_w, ch))) show_mistakes(s, i, -1);
    const bool row_hovered = ImGui::IsItemHovered();
    if (row_hovered) ImGui::SetTooltip("True class %s\nClick: its mistakes", names[i].c_str());
    const ImVec2 label = ImGui::CalcTextSize(names[i].c_str());
    dl->AddText(ImVec2(grid.x - label.x - font * 0.4f, y + (ch - label.y) * 0.5f),
                row_hovered || (f.truth == i && f.predicted < 0) ? accent : text, names[i].c_str());
    std::size_t total = 0;
    for (const std::size_t c : m[i]) total += c;
    for (int j = 0; j < k; ++j) {
      const std::size_t count = m[i][j];
      const double rate = total ? static_cast<double>(count) / static_cast<double>(total) : 0.0;
      const ImVec2 a(grid.x + static_cast<float>(j) * cw, y), b(a.x + cw, y + ch);
      const ImVec4 bg = cell_color(s, i == j, rate);
      dl->AddRectFilled(a, b, ImGui::ColorConvertFloat4ToU32(bg));
      if (count > 0 || i == j) {
        char buf[24];
        std::snprintf(buf, sizeof buf, "%zu", count);
        if (ImGui::CalcTextSize(buf).x <= cw - 2.0f) draw_centred_text(dl, a, b, text_on(bg), buf);
      }
      ImGui::SetCursorScreenPos(a);
      ImGui::PushID(j);
      const bool clicked = ImGui::InvisibleButton("##cell", ImVec2(cw, ch));
      ImGui::PopID();
      const bool selected = f.truth == i && f.predicted == j;
      if (ImGui::IsItemHovered() || selected)
        dl->AddRect(a, b, selected ? accent : text, 0.0f, 0, 2.0f);
      if (ImGui::IsItemHovered()) {
        if (i == j)
          ImGui::SetTooltip("%s: %zu of %zu correct (%.2f%%)", names[i].c_str(), count, total, 100.0 * rate);
        else
          ImGui::SetTooltip("True %s, predicted %s: %zu images\n%.2f%% of the %zu %s images%s", names[i].c_str(),
                            names[j].c_str(), count, 100.0 * rate, total, names[i].c_str(),
                            count ? "\nClick: show them in Mistakes" : "");
      }
      if (clicked && i != j && count > 0) show_mistakes(s, i, j);
    }
    const double acc = static_cast<std::size_t>(i) < r.class_accuracy.size() ? r.class_accuracy[i] : 0.0;
    char buf[24];
    std::snprintf(buf, sizeof buf, total ? "%.1f%%" : "–", 100.0 * acc);
    const ImVec2 a(grid.x + static_cast<float>(k) * cw, y);
    draw_centred_text(dl, a, ImVec2(a.x + acc_w, y + ch), total ? text : dim, buf);
    ImGui::PopID();
  }
  // Grid lines in the window colour keep the cells apart.
  const ImU32 line = ImGui::GetColorU32(ImGuiCol_WindowBg);
  const float gw = static_cast<float>(k) * cw, gh = static_cast<float>(k) * ch;
  for (int t = 1; t < k; ++t) {
    const float x = grid.x + static_cast<float>(t) * cw, y = grid.y + static_cast<float>(t) * ch;
    dl->AddLine(ImVec2(x, grid.y), ImVec2(x, grid.y + gh), line);
    dl->AddLine(ImVec2(grid.x, y), ImVec2(grid.x + gw, y), line);
  }
  ImGui::SetCursorScreenPos(origin);
  ImGui::Dummy(ImVec2(name_w + gw + acc_w, header_h + gh));
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
