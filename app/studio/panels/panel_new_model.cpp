// File › New Model: a blank (untrained) network from one of the engine's presets.
#include "app/studio/actions.h"
#include "app/studio/panels/panels.h"
#include "app/studio/shortcuts.h"
#include "app/studio/format.h"

namespace nnfs::studio {

void draw_new_model_dialog(AppState& s) {
  Dialogs& d = s.dialogs;
  const char* id = "New Model###new_model";
  if (d.new_model && !ImGui::IsPopupOpen(id)) ImGui::OpenPopup(id);
  if (!ImGui::BeginPopupModal(id, nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
  const std::vector<std::string> presets = preset_names();
  d.new_preset = std::clamp(d.new_preset, 0, static_cast<int>(presets.size()) - 1);
  const float w = ImGui::GetFontSize() * 14.0f;
  ImGui::SetNextItemWidth(w);
  if (ImGui::BeginCombo("Preset", presets[static_cast<std::size_t>(d.new_preset)].c_str())) {
    for (int i = 0; i < static_cast<int>(presets.size()); ++i)
      if (ImGui::Selectable(presets[static_cast<std::size_t>(i)].c_str(), i == d.new_preset)) d.new_preset = i;
    ImGui::EndCombo();
  }
  const char* classes[] = {"Digits 0–9 (MNIST)", "Clothing (Fashion-MNIST)"};
  ImGui::SetNextItemWidth(w);
  ImGui::Combo("Classes", &d.new_classes, classes, 2);
  ImGui::Spacing();
  ImGui::TextDisabled("A new model has random weights and guesses at random until it is trained.");
  ImGui::Spacing();
  const float bw = ImGui::GetFontSize() * 6.0f;
  if (ImGui::Button("Create", ImVec2(bw, 0)) || (enter_pressed(s) && !ImGui::IsWindowAppearing())) {
    new_model(s, presets[static_cast<std::size_t>(d.new_preset)], d.new_classes == 1);
    d.new_model = false;
    ImGui::CloseCurrentPopup();
  }
  ImGui::SameLine();
  if (ImGui::Button("Cancel", ImVec2(bw, 0)) || escape_pressed(s)) {
    d.new_model = false;
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
}

}  // namespace nnfs::studio
