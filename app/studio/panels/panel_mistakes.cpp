// Mistakes tab: the test images the model gets wrong, most confident mistakes first, as a grid of
// thumbnails captioned "true → predicted (confidence)"; filterable by true and predicted class
// (the Confusion tab sets both); hovering shows every class's probability, clicking puts the
// image on the canvas.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app/studio/actions.h"
#include "app/studio/format.h"
#include "app/studio/panels/panels.h"
#include "app/studio/panels/report_view.h"

namespace nnfs::studio {

namespace {
constexpr int kAtlasColumns = 32;         // thumbnails per atlas row
constexpr std::size_t kMaxShown = 1024;   // the gallery's length (the most confident first)

// The side of a square image sample (28 for MNIST), 0 when the samples are not square images.
int image_side(const Dataset& d) {
  if (!d.is_image()) return 0;
  const int side = static_cast<int>(std::lround(std::sqrt(static_cast<double>(d.sample_size()))));
  return static_cast<std::size_t>(side * side) == d.sample_size() ? side : 0;
}

bool passes(const Misclassified& m, const MistakeFilter& f) {
  return (f.truth < 0 || m.truth == f.truth) && (f.predicted < 0 || m.predicted == f.predicted);
}

// The filtered mistakes' thumbnails in one texture, rebuilt only when the report or the filter
// changes.
void update_gallery(MistakesTabState& g, const EvaluationReport& r, std::uint64_t version, const MistakeFilter& f) {
  if (g.report_version == version && g.filter.truth == f.truth && g.filter.predicted == f.predicted) return;
  g.report_version = version;
  g.filter = f;
  g.shown.clear();
  g.matching = 0;
  for (std::size_t i = 0; i < r.misclassified.size(); ++i)
    if (passes(r.misclassified[i], f) && g.matching++ < kMaxShown) g.shown.push_back(i);
  const int side = image_side(r.samples);
  if (side == 0 || g.shown.empty()) return;
  const int rows = static_cast<int>((g.shown.size() + kAtlasColumns - 1) / kAtlasColumns);
  const int w = side * kAtlasColumns, h = side * rows;
  std::vector<std::uint32_t> rgba(static_cast<std::size_t>(w) * static_cast<std::size_t>(h), rgba_pixel(0, 0, 0));
  for (std::size_t t = 0; t < g.shown.size(); ++t) {
    const std::uint8_t* img = r.samples.pixels.data() + g.shown[t] * r.samples.sample_size();
    const std::size_t ox = (t % kAtlasColumns) * static_cast<std::size_t>(side);
    const std::size_t oy = (t / kAtlasColumns) * static_cast<std::size_t>(side);
    for (int y = 0; y < side; ++y)
      for (int x = 0; x < side; ++x) {
        const std::uint8_t v = img[y * side + x];
        rgba[(oy + static_cast<std::size_t>(y)) * static_cast<std::size_t>(w) + ox + static_cast<std::size_t>(x)] = rgba_pixel(v, v, v);
      }
  }
  g.atlas.allocate(w, h, rgba.data(), false);
}

// A class combo: "any" or one class; returns true when changed.
bool class_combo(const char* label, const char* id, int& value, const std::vector<std::string>& names) {
  bool changed = false;
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(label);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7.5f);
  if (ImGui::BeginCombo(id, value < 0 ? "any" : names[static_cast<std::size_t>(value)].c_str())) {
    for (int k = -1; k < static_cast<int>(names.size()); ++k)
      if (ImGui::Selectable(k < 0 ? "any" : names[static_cast<std::size_t>(k)].c_str(), value == k)) {
        changed = value != k;
        value = k;
      }
    ImGui::EndCombo();
  }
  return changed;
}

void draw_filters(AppState& s, const EvaluationReport& r, const std::vector<std::string>& names) {
  MistakeFilter& f = s.training.filter;
  class_combo("True class", "##truth", f.truth, names);
  ImGui::SameLine(0, ImGui::GetFontSize());
  class_combo("Predicted", "##predicted", f.predicted, names);
  ImGui::SameLine(0, ImGui::GetFontSize());
  ImGui::BeginDisabled(f.truth < 0 && f.predicted < 0);
  if (ImGui::Button("Show all")) f = {};
  ImGui::EndDisabled();
  const MistakesTabState& g = s.views.mistakes;
  const std::size_t wrong = r.misclassified.size();
  if (f.truth < 0 && f.predicted < 0)
    ImGui::TextDisabled("%s of %s test images wrong (%.2f%%), most confident first", format_count(wrong).c_str(),
                        format_count(r.summary.count).c_str(),
                        r.summary.count ? 100.0 * static_cast<double>(wrong) / static_cast<double>(r.summary.count) : 0.0);
  else
    ImGui::TextDisabled("%s of the %s mistakes, most confident first", format_count(g.matching).c_str(),
                        format_count(wrong).c_str());
  if (g.matching > g.shown.size()) {
    ImGui::SameLine();
    ImGui::TextDisabled("(the first %s shown)", format_count(g.shown.size()).c_str());
  }
}

// All the probabilities of one mistake as bars: the true class green, the prediction red.
void probability_tooltip(const AppState& s, const Misclassified& m, const std::vector<std::string>& names) {
  ImGui::BeginTooltip();
  ImGui::Text("True %s, predicted %s (%.1f%%)", names[static_cast<std::size_t>(m.truth)].c_str(),
              names[static_cast<std::size_t>(m.predicted)].c_str(), 100.0 * m.confidence);
  ImGui::TextDisabled("Test image %s · click to put it on the canvas", format_count(m.index + 1).c_str());
  const float font = ImGui::GetFontSize();
  float name_w = 0.0f;
  for (const std::string& n : names) name_w = std::max(name_w, ImGui::CalcTextSize(n.c_str()).x);
  const float bar_w = font * 9.0f;
  const bool light = s.settings.theme == "light";
  const ImU32 good = light ? IM_COL32(30, 150, 70, 255) : IM_COL32(80, 200, 120, 255);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  for (std::size_t k = 0; k < m.probabilities.size() && k < names.size(); ++k) {
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float p_k = std::clamp(m.probabilities[k], 0.0f, 1.0f);
    dl->AddText(ImVec2(p.x + name_w - ImGui::CalcTextSize(names[k].c_str()).x, p.y), ImGui::GetColorU32(ImGuiCol_Text), names[k].c_str());
    const ImVec2 a(p.x + name_w + font * 0.5f, p.y + font * 0.15f);
    dl->AddRectFilled(a, ImVec2(a.x + bar_w, a.y + font * 0.8f), s.colors.bar_background);
    const ImU32 color = static_cast<int>(k) == m.truth ? good : static_cast<int>(k) == m.predicted ? s.colors.error : s.colors.bar;
    dl->AddRectFilled(a, ImVec2(a.x + bar_w * p_k, a.y + font * 0.8f), color);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.1f%%", 100.0 * p_k);
    dl->AddText(ImVec2(a.x + bar_w + font * 0.4f, p.y), ImGui::GetColorU32(ImGuiCol_Text), buf);
    ImGui::Dummy(ImVec2(name_w + bar_w + font * 4.0f, font * 1.05f));
  }
  ImGui::EndTooltip();
}

void draw_gallery(AppState& s, const EvaluationReport& r, const std::vector<std::string>& names) {
  const MistakesTabState& g = s.views.mistakes;
  const int side = image_side(r.samples);
  const float font = ImGui::GetFontSize();
  const ImGuiStyle& style = ImGui::GetStyle();
  // Each cell: the thumbnail and its caption, "7 → 2 (98%)" on one line for short class names;
  // long ones ("Ankle boot") get a line each: "Sneaker →" over "Ankle boot (97%)".
  const float tile = std::floor(font * 3.6f);
  float name_w = 0.0f;
  for (const std::string& n : names) name_w = std::max(name_w, ImGui::CalcTextSize(n.c_str()).x);
  const bool one_line = name_w <= ImGui::CalcTextSize("00").x;
  const float caption_w = one_line ? ImGui::CalcTextSize("0 → 0 (99.9%)").x
                                   : std::min(font * 8.5f, name_w + ImGui::CalcTextSize(" (99.9%)").x);
  const float cell_w = std::floor(std::max(tile, caption_w + 4.0f));
  const float line_h = ImGui::GetTextLineHeight();
  const float cell_h = tile + font * 0.3f + line_h * (one_line ? 1.0f : 2.0f);
  const int columns = std::max(1, static_cast<int>((ImGui::GetContentRegionAvail().x + style.ItemSpacing.x) /
                                                   (cell_w + style.ItemSpacing.x)));
  const int rows = static_cast<int>((g.shown.size() + static_cast<std::size_t>(columns) - 1) / static_cast<std::size_t>(columns));
  const int atlas_rows = static_cast<int>((g.shown.size() + kAtlasColumns - 1) / kAtlasColumns);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  ImGuiListClipper clipper;
  clipper.Begin(rows, cell_h + style.ItemSpacing.y);
  while (clipper.Step())
    for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row)
      for (int col = 0; col < columns; ++col) {
        const std::size_t t = static_cast<std::size_t>(row) * static_cast<std::size_t>(columns) + static_cast<std::size_t>(col);
        if (t >= g.shown.size()) break;
        const std::size_t index = g.shown[t];
        const Misclassified& m = r.misclassified[index];
        if (col > 0) ImGui::SameLine();
        ImGui::PushID(static_cast<int>(t));
        const ImVec2 p = ImGui::GetCursorScreenPos();
        if (ImGui::InvisibleButton("##mistake", ImVec2(cell_w, cell_h)))
          send_pixels_to_canvas(s, r.samples.pixels.data() + index * r.samples.sample_size(), side, side);
        const bool hovered = ImGui::IsItemHovered();
        const ImVec2 a(p.x + std::floor((cell_w - tile) * 0.5f), p.y), b(a.x + tile, a.y + tile);
        const float u0 = static_cast<float>(t % kAtlasColumns) / kAtlasColumns;
        const float v0 = static_cast<float>(t / kAtlasColumns) / static_cast<float>(atlas_rows);
        dl->AddImage(g.atlas.imgui_id(), a, b, ImVec2(u0, v0),
                     ImVec2(u0 + 1.0f / kAtlasColumns, v0 + 1.0f / static_cast<float>(atlas_rows)));
        dl->AddRect(a, b, hovered ? s.colors.accent : ImGui::GetColorU32(ImGuiCol_Border), 0.0f, 0, hovered ? 2.0f : 1.0f);
        // Whole percent, but never "100%" for a mistake that is merely very confident.
        const double percent = 100.0 * m.confidence;
        char confidence[16];
        std::snprintf(confidence, sizeof confidence, percent >= 99.5 ? "(%.1f%%)" : "(%.0f%%)", std::min(percent, 99.9));
        const std::string& truth = names[static_cast<std::size_t>(m.truth)];
        const std::string& predicted = names[static_cast<std::size_t>(m.predicted)];
        const ImU32 color = ImGui::GetColorU32(hovered ? ImGuiCol_Text : ImGuiCol_TextDisabled);
        const float y0 = b.y + font * 0.15f;
        if (one_line) {
          draw_centred_text(dl, ImVec2(p.x, y0), ImVec2(p.x + cell_w, y0 + line_h), color,
                            truth + " → " + predicted + " " + confidence);
        } else {
          draw_centred_text(dl, ImVec2(p.x, y0), ImVec2(p.x + cell_w, y0 + line_h), color, truth + " →");
          draw_centred_text(dl, ImVec2(p.x, y0 + line_h), ImVec2(p.x + cell_w, y0 + 2.0f * line_h), color,
                            predicted + " " + confidence);
        }
        if (hovered) probability_tooltip(s, m, names);
        ImGui::PopID();
      }
  clipper.End();
}
}  // namespace

void draw_mistakes_tab(AppState& s) {
  if (draw_report_empty_state(s, "the test images the model gets wrong")) return;
  const EvaluationReport& r = *s.training.report;
  if (r.summary.confusion.empty()) {
    draw_empty_state("No mistakes to show", "The model's outputs are not classes, or the test data have no labels.");
    return;
  }
  const std::vector<std::string> names = report_class_names(s, r.summary.confusion.size());
  MistakeFilter& f = s.training.filter;
  if (f.truth >= static_cast<int>(names.size())) f.truth = -1;
  if (f.predicted >= static_cast<int>(names.size())) f.predicted = -1;
  update_gallery(s.views.mistakes, r, s.training.report_version, f);
  draw_filters(s, r, names);
  ImGui::Spacing();
  if (r.misclassified.empty()) {
    draw_empty_state("No mistakes", "The model classifies every test image correctly.");
  } else if (s.views.mistakes.shown.empty()) {
    draw_empty_state("No mistakes of this kind", "Another filter, or Show all, lists the others.");
  } else if (image_side(r.samples) == 0) {
    draw_empty_state("Not images", "The test samples are not square images, so there are no thumbnails.");
  } else {
    if (ImGui::BeginChild("##gallery")) draw_gallery(s, r, names);
    ImGui::EndChild();
  }
}

}  // namespace nnfs::studio
