// Keyboard shortcuts: one table drives the key handling, the menus' shortcut column and
// Help › Keyboard Shortcuts.
#pragma once

#include <span>

#include "app/studio/actions.h"

namespace nnfs::studio {

struct Shortcut {
  Command command;
  int key;              // GLFW_KEY_*
  bool ctrl, shift;
  const char* keys;     // "Ctrl+Shift+S"
  const char* what;     // "Save the model under a new name"
};

std::span<const Shortcut> shortcuts();
// The first shortcut's text for a command, or nullptr.
const char* shortcut_keys(Command command);
// Runs the commands whose keys were pressed this frame (not while a text field has the keyboard,
// nor while a dialog or menu is open; F12 always works).
void handle_shortcuts(AppState& s);
// Whether `key` (GLFW_KEY_*) was pressed since the last frame, however briefly; with `ctrl`,
// only together with Ctrl.
bool key_pressed(const AppState& s, int key, bool ctrl = false);
// Enter or Escape, for the dialogs' default buttons.
bool enter_pressed(const AppState& s);
bool escape_pressed(const AppState& s);

}  // namespace nnfs::studio
