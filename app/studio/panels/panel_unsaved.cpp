// "Save changes?" before an action that would drop an unsaved model (quit, new, open).
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include "app/studio/actions.h"
#include "app/studio/panels/panels.h"
#include "app/studio/shortcuts.h"

namespace nnfs::studio {

void draw_unsaved_dialog(AppState& s) {
  Dialogs& d = s.dialogs;
  const char* id = "Unsaved changes###unsaved";
  if (d.ask_unsaved && !ImGui::IsPopupOpen(id)) ImGui::OpenPopup(id);
  if (!ImGui::BeginPopupModal(id, nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
  const bool quitting = d.pending.kind == PendingAction::Kind::Quit;
  ImGui::Text("Save the changes to %s before %s?", s.doc.name().c_str(), quitting ? "quitting" : "closing it");
  ImGui::TextDisabled("Without saving, the changes are lost. Enter saves, Ctrl+D discards, Escape cancels.");
  ImGui::Spacing();
  const float w = ImGui::GetFontSize() * 7.0f;
  auto finish = [&] {
    d.ask_unsaved = false;
    ImGui::CloseCurrentPopup();
  };
  // Keys: Enter saves, Ctrl+D does not (as in most desktop apps), Escape cancels.
  const bool keys = !ImGui::IsWindowAppearing();
  const bool dont_save_key = keys && key_pressed(s, GLFW_KEY_D, true);
  if (ImGui::Button("Save", ImVec2(w, 0)) || (keys && enter_pressed(s))) {
    const PendingAction next = std::exchange(d.pending, {});
    finish();
    if (!s.doc.path.empty()) {
      if (save_model_file(s, s.doc.path)) run_pending(s, next);
    } else {
      d.after_save = next;  // continues once "Save As" succeeds
      run_command(s, Command::SaveModelAs);
    }
  }
  ImGui::SameLine();
  if (ImGui::Button("Don't Save", ImVec2(w, 0)) || dont_save_key) {
    const PendingAction next = std::exchange(d.pending, {});
    finish();
    run_pending(s, next);
  }
  ImGui::SameLine();
  if (ImGui::Button("Cancel", ImVec2(w, 0)) || (keys && escape_pressed(s))) {
    d.pending = {};
    finish();
  }
  ImGui::EndPopup();
}

}  // namespace nnfs::studio
