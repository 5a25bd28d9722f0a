#include "app/studio/shortcuts.h"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>

namespace nnfs::studio {

namespace {
constexpr Shortcut kShortcuts[] = {
    {Command::NewModel, GLFW_KEY_N, true, false, "Ctrl+N", "New model from a preset"},
    {Command::OpenModel, GLFW_KEY_O, true, false, "Ctrl+O", "Open a model file"},
    {Command::SaveModel, GLFW_KEY_S, true, false, "Ctrl+S", "Save the model"},
    {Command::SaveModelAs, GLFW_KEY_S, true, true, "Ctrl+Shift+S", "Save the model under a new name"},
    {Command::OpenDataset, GLFW_KEY_D, true, false, "Ctrl+D", "Open an MNIST-style dataset folder"},
    {Command::ImportImage, GLFW_KEY_I, true, false, "Ctrl+I", "Put an image file on the canvas"},
    {Command::ExportCanvas, GLFW_KEY_E, true, false, "Ctrl+E", "Export the canvas as PNG"},
    {Command::Quit, GLFW_KEY_Q, true, false, "Ctrl+Q", "Quit (asks about unsaved changes)"},
    {Command::Undo, GLFW_KEY_Z, true, false, "Ctrl+Z", "Undo the last stroke"},
    {Command::Redo, GLFW_KEY_Y, true, false, "Ctrl+Y", "Redo"},
    {Command::Redo, GLFW_KEY_Z, true, true, "Ctrl+Shift+Z", "Redo"},
    {Command::Clear, GLFW_KEY_DELETE, false, false, "Delete", "Clear the canvas"},
    {Command::ToggleEraser, GLFW_KEY_X, false, false, "X", "Switch between brush and eraser"},
    {Command::Screenshot, GLFW_KEY_F12, false, false, "F12", "Save a screenshot of the window"},
    {Command::ShowShortcuts, GLFW_KEY_F1, false, false, "F1", "Show this list"},
};
}  // namespace

std::span<const Shortcut> shortcuts() { return kShortcuts; }

const char* shortcut_keys(Command command) {
  for (const Shortcut& s : kShortcuts)
    if (s.command == command) return s.keys;
  return nullptr;
}

void handle_shortcuts(AppState& s) {
  const ImGuiIO& io = ImGui::GetIO();
  // Screenshots always work; everything else waits while a text field or a dialog has the keyboard.
  const bool busy = io.WantTextInput || ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopup);
  for (const KeyPress& press : s.key_presses) {
    const bool ctrl = (press.mods & GLFW_MOD_CONTROL) != 0, shift = (press.mods & GLFW_MOD_SHIFT) != 0;
    if (press.mods & (GLFW_MOD_ALT | GLFW_MOD_SUPER)) continue;
    for (const Shortcut& sc : kShortcuts)
      if (sc.key == press.key && sc.ctrl == ctrl && sc.shift == shift && (!busy || sc.command == Command::Screenshot)) {
        run_command(s, sc.command);
        break;
      }
  }
}

bool key_pressed(const AppState& s, int key, bool ctrl) {
  for (const KeyPress& p : s.key_presses)
    if (p.key == key && (!ctrl || (p.mods & GLFW_MOD_CONTROL))) return true;
  return false;
}
bool enter_pressed(const AppState& s) { return key_pressed(s, GLFW_KEY_ENTER) || key_pressed(s, GLFW_KEY_KP_ENTER); }
bool escape_pressed(const AppState& s) { return key_pressed(s, GLFW_KEY_ESCAPE); }

}  // namespace nnfs::studio
