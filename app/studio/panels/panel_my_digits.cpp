// My digits tab: how many drawings of each class are kept and how well the open model reads them,
// export and import, the last "Teach the model my digits" run as before → after with Undo, and the
// grid of the drawings themselves (panel_my_digits_grid.cpp). What the buttons do is in
// my_digits_actions.h.
#include <cstdio>
#include <numeric>

#include "app/studio/actions.h"
#include "app/studio/my_digits_actions.h"
#include "app/studio/my_digits_store.h"
#include "app/studio/panels/panel_my_digits_grid.h"
#include "app/studio/panels/panels.h"
#include "app/studio/training_controller.h"

namespace nnfs::studio {

namespace {
// One column per class: the digit over its count, and over the share the model reads right.
void draw_counts(const std::vector<std::size_t>& counts, const std::optional<DigitScores>& scores) {
  if (counts.empty() || !ImGui::BeginTable("##counts", static_cast<int>(counts.size()) + 1,
                                           ImGuiTableFlags_Borders | ImGuiTableFlags_SizingStretchSame))
    return;
  ImGui::TableSetupColumn("##what", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("read right").x);
  ImGui::TableNextColumn();
  ImGui::TextDisabled("digit");
  for (std::size_t k = 0; k < counts.size(); ++k) {
    ImGui::TableNextColumn();
    ImGui::Text("%zu", k);
  }
  ImGui::TableNextColumn();
  ImGui::TextDisabled("kept");
  for (std::size_t k = 0; k < counts.size(); ++k) {
    ImGui::TableNextColumn();
    if (counts[k] == 0) ImGui::TextDisabled("0");
    else ImGui::Text("%zu", counts[k]);
  }
  if (scores) {
    ImGui::TableNextColumn();
    ImGui::TextDisabled("read right");
  }
  for (std::size_t k = 0; scores && k < counts.size(); ++k) {
    ImGui::TableNextColumn();
    const double acc = scores->class_accuracy(k);
    if (acc < 0.0) ImGui::TextDisabled("–");
    else ImGui::Text("%.0f%%", 100.0 * acc);
  }
  ImGui::EndTable();
}

bool tool_button(AppState& s, const char* label, const char* key, bool enabled, const char* tip) {
  ImGui::BeginDisabled(!enabled);
  const bool pressed = ImGui::Button(label);
  ImGui::EndDisabled();
  record_item_rect(s.rects.buttons, key);
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("%s", tip);
  return pressed;
}

// Export, import and Undo in one row.
void draw_tools(AppState& s, std::size_t total) {
  const bool idle = !my_digits_file_busy(s);
  if (tool_button(s, "Export CSV…", "Export CSV", idle && total > 0, "label,1x1,…,28x28: the seed's layout (nnfs train --train)"))
    ask_my_digits_file(s, DigitFileOp::ExportCsv);
  ImGui::SameLine();
  if (tool_button(s, "Export folder…", "Export folder", idle && total > 0, "The drawings as PNGs, with labels.csv (file,label)"))
    ask_my_digits_file(s, DigitFileOp::ExportFolder);
  ImGui::SameLine();
  if (tool_button(s, "Import CSV…", "Import CSV", idle, "Adds the digits of a CSV in the seed's layout"))
    ask_my_digits_file(s, DigitFileOp::ImportCsv);
  ImGui::SameLine();
  if (tool_button(s, "Import folder…", "Import folder", idle, "Adds the images of a folder with labels.csv (file,label)"))
    ask_my_digits_file(s, DigitFileOp::ImportFolder);
  ImGui::SameLine();
  if (tool_button(s, "Undo", "Undo edit", idle && my_digits_can_undo(s), "Undoes the last relabel or delete (Ctrl+Z)"))
    undo_my_digit_edit(s);
  if (!idle) {
    ImGui::SameLine();
    ImGui::TextDisabled("Working on %s…", s.my_digits_tab.file_path.c_str());
  }
}

void draw_accuracy(const MyDigitsTab& t) {
  if (!t.score_note.empty()) ImGui::TextDisabled("%s", t.score_note.c_str());
  else if (!t.scores) ImGui::TextDisabled("Reading them with the open model…");
  else if (t.scores->total_all > 0)
    ImGui::TextWrapped("The open model reads %zu of %zu right (%.1f%%). The ones it gets wrong come first in each "
                       "row, outlined, with what it said; click one to relabel or delete it.",
                       t.scores->right_all, t.scores->total_all, 100.0 * t.scores->accuracy());
}

}  // namespace

void draw_my_digits_tab(AppState& s) {
  if (!s.my_digits.sink) {
    draw_empty_state("My digits is not open",
                     "Labelled drawings are kept in $XDG_DATA_HOME/nnfs-studio/my-digits/ once it can be opened");
    return;
  }
  const std::vector<std::size_t>& counts = s.my_digits.counts;
  const std::size_t total = std::accumulate(counts.begin(), counts.end(), std::size_t{0});
  if (ImGui::IsWindowFocused(ImGuiFocusedFlags_RootAndChildWindows)) s.my_digits_tab.focused_frame = ImGui::GetFrameCount();
  refresh_my_digits_scores(s);
  ImGui::Text("%zu digit%s of your own", total, total == 1 ? "" : "s");
  draw_tools(s, total);
  draw_counts(counts, s.my_digits_tab.scores);
  if (total == 0) ImGui::TextDisabled("Draw a digit on the canvas and press its key (0-9) to keep it here, or import some.");
  else draw_accuracy(s.my_digits_tab);
  draw_my_digits_grid(s);
}

}  // namespace nnfs::studio
