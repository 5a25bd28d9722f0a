// Canvas panel: the drawing surface, the 28x28 image the network sees, and the class
// probabilities, updated while the stroke is drawn.
#include <algorithm>
#include <array>
#include <cstdio>

#include "app/studio/actions.h"
#include "app/studio/panels/panels.h"
#include "app/studio/shortcuts.h"

namespace nnfs::studio {

namespace {
// A button that looks pressed while `on`.
bool toggle_button(const char* label, bool on) {
  if (on) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
  const bool clicked = ImGui::Button(label);
  if (on) ImGui::PopStyleColor();
  return clicked;
}

void draw_toolbar(AppState& s) {
  DigitCanvas& c = s.canvas;
  if (toggle_button("Brush", !c.erase_mode)) c.erase_mode = false;
  ImGui::SameLine(0, 0);
  if (toggle_button("Eraser", c.erase_mode)) c.erase_mode = true;
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("X switches; the right mouse button always erases");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8.0f);
  if (ImGui::SliderFloat("Width", &c.brush_width, 4.0f, 60.0f, "%.0f px")) {
    s.settings.brush_width = c.brush_width;
    s.settings_changed = true;
  }
  ImGui::SameLine(0, ImGui::GetFontSize() * 1.5f);
  ImGui::BeginDisabled(!c.can_undo());
  if (ImGui::Button("Undo")) run_command(s, Command::Undo);
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(!c.can_redo());
  if (ImGui::Button("Redo")) run_command(s, Command::Redo);
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(!c.has_ink());
  if (ImGui::Button("Clear")) run_command(s, Command::Clear);
  ImGui::EndDisabled();
}

void update_input_view(AppState& s) {
  if (!s.input_view_dirty && s.input_view.valid()) return;
  std::array<std::uint32_t, 784> rgba;
  for (std::size_t i = 0; i < 784; ++i) {
    const std::uint8_t v = s.prediction.input[i];
    rgba[i] = rgba_pixel(v, v, v);
  }
  s.input_view.allocate(28, 28, rgba.data(), false);
  s.input_view_dirty = false;
}

void draw_network_input(AppState& s, float width, float canvas_size) {
  update_input_view(s);
  ImGui::TextUnformatted("Network input");
  ImGui::SameLine();
  ImGui::TextDisabled("28×28");
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("The drawing after MNIST's preprocessing: cropped, scaled to 20 pixels, centred by mass");
  const float side = std::min(width, std::max(112.0f, canvas_size * 0.4f));
  const ImVec2 p = ImGui::GetCursorScreenPos();
  ImGui::Image(s.input_view.imgui_id(), ImVec2(side, side));
  ImGui::GetWindowDrawList()->AddRect(p, ImVec2(p.x + side, p.y + side), ImGui::GetColorU32(ImGuiCol_Border));
}

// The guess: the top class in large type with its probability, or what is missing.
void draw_guess(AppState& s) {
  const Prediction& p = s.prediction;
  const Model* m = s.doc.shown().get();
  if (!m) {
    ImGui::TextUnformatted("No model loaded");
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("File › Open Model… (%s) or drop a .safetensors file on the window",
                        shortcut_keys(Command::OpenModel));
    ImGui::PopTextWrapPos();
    return;
  }
  if (const std::string why = canvas_incompatibility(*m); !why.empty()) {
    ImGui::TextUnformatted("This model cannot read the canvas");
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("%s", why.c_str());
    ImGui::PopTextWrapPos();
    return;
  }
  if (p.empty || p.label < 0) {
    ImGui::PushFont(s.fonts.large);
    ImGui::TextDisabled("?");
    ImGui::PopFont();
    ImGui::SameLine();
    ImGui::BeginGroup();
    ImGui::Dummy(ImVec2(0, ImGui::GetFontSize() * 0.6f));
    ImGui::TextUnformatted("Draw a digit");
    ImGui::TextDisabled("no guess yet");
    ImGui::EndGroup();
    return;
  }
  const std::size_t k = static_cast<std::size_t>(p.label);
  const std::string name = k < m->class_names.size() ? m->class_names[k] : std::to_string(k);
  if (name.size() <= 3) {
    ImGui::PushFont(s.fonts.large);
    ImGui::TextUnformatted(name.c_str());
    ImGui::PopFont();
    ImGui::SameLine();
  }
  ImGui::BeginGroup();
  if (name.size() <= 3) ImGui::Dummy(ImVec2(0, ImGui::GetFontSize() * 0.6f));
  else ImGui::TextUnformatted(name.c_str());
  ImGui::Text("%.1f%% sure", 100.0 * p.probs[k]);
  ImGui::TextDisabled("%.2f ms to predict", p.ms);
  ImGui::EndGroup();
}

// One bar per class; the top class in the accent colour. Empty canvas: labels and empty bars.
void draw_bars(AppState& s, float width) {
  const Model* m = s.doc.shown().get();
  if (!m || !canvas_incompatibility(*m).empty()) return;
  const Prediction& p = s.prediction;
  const std::size_t classes = shape_size(m->net.output_shape());
  float label_w = 0.0f;
  for (std::size_t k = 0; k < classes; ++k) {
    const std::string name = k < m->class_names.size() ? m->class_names[k] : std::to_string(k);
    label_w = std::max(label_w, ImGui::CalcTextSize(name.c_str()).x);
  }
  label_w = std::min(label_w, width * 0.4f);
  const float pct_w = ImGui::CalcTextSize("100.0%").x;
  const float bar_w = std::max(20.0f, width - label_w - pct_w - 2.0f * ImGui::GetStyle().ItemSpacing.x);
  const float row_h = ImGui::GetTextLineHeight() * 1.35f;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  for (std::size_t k = 0; k < classes; ++k) {
    const std::string name = k < m->class_names.size() ? m->class_names[k] : std::to_string(k);
    const float prob = p.probs.size() == classes ? p.probs[k] : 0.0f;
    const bool top = static_cast<int>(k) == p.label;
    const ImVec2 o = ImGui::GetCursorScreenPos();
    const float ty = o.y + (row_h - ImGui::GetTextLineHeight()) * 0.5f;
    const ImU32 text = ImGui::GetColorU32(top ? ImGuiCol_Text : (p.empty ? ImGuiCol_TextDisabled : ImGuiCol_Text));
    const float nx = o.x + label_w - std::min(label_w, ImGui::CalcTextSize(name.c_str()).x);
    dl->PushClipRect(o, ImVec2(o.x + label_w, o.y + row_h), true);
    dl->AddText(ImVec2(nx, ty), text, name.c_str());
    dl->PopClipRect();
    const float bx = o.x + label_w + ImGui::GetStyle().ItemSpacing.x;
    const float pad = row_h * 0.15f;
    dl->AddRectFilled(ImVec2(bx, o.y + pad), ImVec2(bx + bar_w, o.y + row_h - pad), s.colors.bar_background, 3.0f);
    if (prob > 0.0f)
      dl->AddRectFilled(ImVec2(bx, o.y + pad), ImVec2(bx + std::max(2.0f, bar_w * prob), o.y + row_h - pad),
                        top ? s.colors.accent : s.colors.bar, 3.0f);
    char pct[16];
    std::snprintf(pct, sizeof pct, p.empty ? "–" : "%.1f%%", 100.0 * prob);
    const float px = bx + bar_w + ImGui::GetStyle().ItemSpacing.x + pct_w - ImGui::CalcTextSize(pct).x;
    dl->AddText(ImVec2(px, ty), text, pct);
    ImGui::Dummy(ImVec2(width, row_h));
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s: %.4f", name.c_str(), static_cast<double>(prob));
  }
}
}  // namespace

void draw_canvas_panel(AppState& s, const PanelRect& r) {
  if (!begin_panel("Canvas", r)) {
    ImGui::End();
    return;
  }
  draw_toolbar(s);
  const ImGuiStyle& style = ImGui::GetStyle();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float em = ImGui::GetFontSize();
  const float side_w = std::clamp(avail.x * 0.33f, em * 13.0f, em * 21.0f);
  const float hint_h = ImGui::GetTextLineHeightWithSpacing();
  const float size = std::max(em * 8.0f, std::min(avail.y - hint_h, avail.x - side_w - style.ItemSpacing.x * 2.0f));

  ImGui::BeginGroup();
  if (s.canvas.draw(size, s.cursor_samples)) s.prediction_stale = true;
  refresh_prediction(s);  // now, so the bars below show this frame's drawing
  if (!s.canvas.has_ink() && !s.canvas.drawing()) {
    // The empty canvas asks for a digit instead of guessing.
    const char* hint = "Draw a digit";
    ImFont* font = s.fonts.large;
    const float fs = font->FontSize * 0.55f;
    const ImVec2 ts = font->CalcTextSizeA(fs, FLT_MAX, 0.0f, hint);
    const ImVec2 o = s.canvas.screen_pos();
    ImGui::GetWindowDrawList()->AddText(font, fs, ImVec2(o.x + (size - ts.x) * 0.5f, o.y + (size - ts.y) * 0.5f),
                                        ImGui::GetColorU32(ImGuiCol_TextDisabled), hint);
  }
  // Wrapped to the canvas, so a narrow panel keeps its room for the bars.
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + size);
  ImGui::TextDisabled("Left button draws · right button erases · Delete clears · Ctrl+Z undoes");
  ImGui::PopTextWrapPos();
  ImGui::EndGroup();

  ImGui::SameLine(0, style.ItemSpacing.x * 2.0f);
  ImGui::BeginGroup();
  draw_network_input(s, side_w, size);
  ImGui::Spacing();
  ImGui::Separator();
  draw_guess(s);
  ImGui::Spacing();
  draw_bars(s, side_w);
  draw_label_row(s, side_w);
  ImGui::EndGroup();
  ImGui::End();
}

}  // namespace nnfs::studio
