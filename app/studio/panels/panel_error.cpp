// The error dialog: the engine's one-line message, one error at a time. The app keeps going
// with what it had (the previous model stays open).
#include "app/studio/panels/panels.h"
#include "app/studio/shortcuts.h"

namespace nnfs::studio {

void draw_error_dialog(AppState& s) {
  auto& errors = s.dialogs.errors;
  if (errors.empty()) return;
  const std::string id = errors.front().title + "###error_dialog";
  if (!ImGui::IsPopupOpen(id.c_str())) ImGui::OpenPopup(id.c_str());
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + vp->WorkSize.y * 0.4f),
                          ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSizeConstraints(ImVec2(ImGui::GetFontSize() * 24.0f, 0), ImVec2(vp->WorkSize.x * 0.6f, FLT_MAX));
  if (!ImGui::BeginPopupModal(id.c_str(), nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
  ImGui::PushTextWrapPos(vp->WorkSize.x * 0.55f);
  ImGui::TextColored(ImColor(s.colors.error).Value, "%s", errors.front().message.c_str());
  ImGui::PopTextWrapPos();
  ImGui::Spacing();
  ImGui::TextDisabled(s.doc.model ? "Nothing was changed: %s is still open." : "Nothing was changed.%s",
                      s.doc.model ? s.doc.name().c_str() : "");
  if (errors.size() > 1) ImGui::TextDisabled("%zu more messages follow", errors.size() - 1);
  ImGui::Spacing();
  const float w = ImGui::GetFontSize() * 6.0f;
  ImGui::SetCursorPosX(ImGui::GetWindowContentRegionMax().x - w);
  if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
  // Keys count from the frame after it appears: the Enter that confirmed a file dialog must not
  // also dismiss the error it caused.
  const bool key = !ImGui::IsWindowAppearing() && (enter_pressed(s) || escape_pressed(s));
  if (ImGui::Button("OK", ImVec2(w, 0)) || key) {
    errors.pop_front();
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
}

}  // namespace nnfs::studio
