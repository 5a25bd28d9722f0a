// My digits tab: how many drawings of each class are kept, and the last "Teach the model my
// digits" run as before → after, with Undo.
#include <cstdio>
#include <numeric>

#include "app/studio/actions.h"
#include "app/studio/panels/panels.h"
#include "app/studio/training_controller.h"

namespace nnfs::studio {

namespace {
// One column per class: the digit over its count.
void draw_counts(const std::vector<std::size_t>& counts) {
  if (counts.empty() || !ImGui::BeginTable("##counts", static_cast<int>(counts.size()),
                                           ImGuiTableFlags_Borders | ImGuiTableFlags_SizingStretchSame))
    return;
  for (std::size_t k = 0; k < counts.size(); ++k) {
    ImGui::TableNextColumn();
    ImGui::Text("%zu", k);
  }
  for (std::size_t k = 0; k < counts.size(); ++k) {
    ImGui::TableNextColumn();
    if (counts[k] == 0) ImGui::TextDisabled("0");
    else ImGui::Text("%zu", counts[k]);
  }
  ImGui::EndTable();
}

void undo_teaching(AppState& s) {
  if (training_active(s)) {
    report_error(s, "Cannot undo the teaching", "Training is running — stop it first (Training tab)");
    return;
  }
  replace_open_model(s, s.teach.session.undo());
  s.doc.dirty = true;
  adopt_model(s);
  s.events.emit("teach_undone");
}

void draw_teach_result(AppState& s) {
  const TeachState& t = s.teach;
  if (t.session.phase() != TeachSession::Phase::Done && t.session.phase() != TeachSession::Phase::Undone) return;
  ImGui::Spacing();
  ImGui::Separator();
  ImGui::TextUnformatted("Taught: before → after");
  const auto rows = teach_rows(t.session.before(), t.session.after(), t.held_out, t.test_images);
  if (ImGui::BeginTable("##teach", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit)) {
    for (const char* h : {"", "Before", "After", "Change"}) ImGui::TableSetupColumn(h);
    ImGui::TableHeadersRow();
    for (const TeachRow& r : rows)
      for (const std::string* cell : {&r.what, &r.before, &r.after, &r.change}) {
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(cell->c_str());
      }
    ImGui::EndTable();
  }
  if (t.session.phase() == TeachSession::Phase::Undone) {
    ImGui::TextDisabled("Undone: the model from before is open again.");
    return;
  }
  if (ImGui::Button("Undo teaching")) undo_teaching(s);
  record_item_rect(s.rects.buttons, "Undo teaching");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Puts back the model as it was before it was taught");
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
  ImGui::Text("%zu digits of your own", total);
  draw_counts(counts);
  if (total == 0) ImGui::TextDisabled("Draw a digit on the canvas and press its key (0-9) to keep it here.");
  draw_teach_result(s);
}

}  // namespace nnfs::studio
