// The label row under the canvas's probabilities: "This is a …" with one button per class, the
// keys that do the same, and how many of each class My digits holds.
#include <algorithm>
#include <cstdio>

#include <imgui.h>

#include "app/studio/actions.h"
#include "app/studio/digit_labeler.h"
#include "app/studio/panels/panels.h"
#include "engine/core/error.h"

namespace nnfs::studio {

namespace {
void save_drawing(AppState& s, int label, std::size_t classes) {
  const Prediction& p = s.prediction;
  const bool guessed = !p.empty && p.label >= 0 && static_cast<std::size_t>(p.label) < p.probs.size();
  const LabelledDrawing drawing{s.canvas.raster(), DigitCanvas::kRaster, label, guessed ? p.label : -1,
                                guessed ? p.probs[static_cast<std::size_t>(p.label)] : 0.0f};
  try {
    s.my_digits.counts = save_labelled(*s.my_digits.sink, drawing, classes);
  } catch (const Error& e) {
    report_error(s, "Cannot keep the drawing", e.what());
    return;
  }
  std::size_t total = 0;
  for (std::size_t c : s.my_digits.counts) total += c;
  s.events.emit("digit_saved", {{"label", label}, {"guess", drawing.guess}, {"counts", s.my_digits.counts},
                                {"total", total}});
  if (s.canvas.clear()) s.prediction_stale = true;
}

// A digit key (or Enter for the guess) while the canvas's window has the focus and no text
// field or dialog has the keyboard.
int label_from_keys(const AppState& s, std::size_t classes) {
  const ImGuiIO& io = ImGui::GetIO();
  if (io.WantTextInput || ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopup)) return -1;
  if (!ImGui::IsWindowFocused(ImGuiFocusedFlags_RootAndChildWindows)) return -1;
  const int guess = s.prediction.empty ? -1 : s.prediction.label;
  for (const KeyPress& press : s.key_presses)
    if (press.mods == 0)
      if (const int label = label_for_key(press.key, guess, classes); label >= 0) return label;
  return -1;
}
}  // namespace

void draw_label_row(AppState& s, float width) {
  const Model* m = s.doc.shown().get();
  if (!s.my_digits.sink || !m || !canvas_incompatibility(*m).empty()) return;
  const std::size_t classes = std::min<std::size_t>(10, shape_size(m->net.output_shape()));
  const bool can_save = s.canvas.has_ink() && !s.canvas.drawing();
  ImGui::Spacing();
  ImGui::Separator();
  ImGui::TextUnformatted("This is a …");
  int chosen = can_save ? label_from_keys(s, classes) : -1;
  const ImGuiStyle& style = ImGui::GetStyle();
  const float button_w = std::max(ImGui::GetFontSize() * 1.6f, (width - 4.0f * style.ItemSpacing.x) / 5.0f);
  ImGui::BeginDisabled(!can_save);
  for (std::size_t k = 0; k < classes; ++k) {
    if (k % 5 != 0) ImGui::SameLine();
    const bool guess = !s.prediction.empty && s.prediction.label == static_cast<int>(k);
    if (guess) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
    char label[32];
    std::snprintf(label, sizeof label, "%zu##label", k);
    if (ImGui::Button(label, ImVec2(button_w, 0))) chosen = static_cast<int>(k);
    if (guess) ImGui::PopStyleColor();
    record_item_rect(s.rects.buttons, (std::string("label ") + std::to_string(k)).c_str());
  }
  ImGui::EndDisabled();
  if (chosen >= 0) save_drawing(s, chosen, classes);
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
  ImGui::TextDisabled("Keys 0-9 label it, Enter keeps the guess");
  ImGui::TextDisabled("My digits: %s", describe_counts(s.my_digits.counts).c_str());
  ImGui::PopTextWrapPos();
}

}  // namespace nnfs::studio
