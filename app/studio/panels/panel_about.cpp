// Help › About (versions and the open model's summary) and Help › Keyboard Shortcuts.
#include <GL/gl.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include "app/studio/panels/panels.h"
#include "app/studio/shortcuts.h"

namespace nnfs::studio {

namespace {
const char* gl_string(GLenum name) {
  const auto* s = reinterpret_cast<const char*>(glGetString(name));
  return s ? s : "?";
}
}  // namespace

void draw_about_dialog(AppState& s) {
  const char* id = "About nnfs-studio###about";
  if (s.dialogs.about && !ImGui::IsPopupOpen(id)) ImGui::OpenPopup(id);
  bool open = true;
  if (!ImGui::BeginPopupModal(id, &open, ImGuiWindowFlags_AlwaysAutoResize)) {
    s.dialogs.about = false;
    return;
  }
  ImGui::Text("nnfs-studio %s", NNFS_VERSION);
  ImGui::TextDisabled("Neural networks from scratch: every layer, loss and optimizer written by hand.");
  ImGui::Spacing();
  ImGui::Text("Dear ImGui %s · GLFW %s", ImGui::GetVersion(), glfwGetVersionString());
  ImGui::Text("OpenGL %s · %s", gl_string(GL_VERSION), gl_string(GL_RENDERER));
  ImGui::Separator();
  if (s.doc.model) {
    ImGui::Text("Model: %s", s.doc.name().c_str());
    ImGui::PushFont(s.fonts.mono);
    ImGui::TextUnformatted(s.doc.model->net.summary().c_str());
    ImGui::PopFont();
  } else {
    ImGui::TextDisabled("No model loaded");
  }
  if (!open || ImGui::Button("Close") || escape_pressed(s)) {
    s.dialogs.about = false;
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
}

void draw_shortcuts_dialog(AppState& s) {
  const char* id = "Keyboard Shortcuts###shortcuts";
  if (s.dialogs.shortcuts && !ImGui::IsPopupOpen(id)) ImGui::OpenPopup(id);
  bool open = true;
  if (!ImGui::BeginPopupModal(id, &open, ImGuiWindowFlags_AlwaysAutoResize)) {
    s.dialogs.shortcuts = false;
    return;
  }
  if (ImGui::BeginTable("##keys", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit)) {
    for (const Shortcut& sc : shortcuts()) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(sc.keys);
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(sc.what);
    }
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted("Right button");
    ImGui::TableNextColumn();
    ImGui::TextUnformatted("Erase on the canvas");
    ImGui::EndTable();
  }
  if (!open || ImGui::Button("Close") || escape_pressed(s)) {
    s.dialogs.shortcuts = false;
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
}

}  // namespace nnfs::studio
