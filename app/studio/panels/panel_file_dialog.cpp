// The file dialog, whatever it was opened for; its answer goes to the matching action.
#include "app/studio/actions.h"
#include "app/studio/panels/panels.h"
#include "app/studio/shortcuts.h"

namespace nnfs::studio {

void draw_file_dialog(AppState& s) {
  if (!s.dialogs.file.is_open()) return;
  const std::vector<FileDialog::Place> places = file_dialog_places(s);
  if (s.dialogs.file.draw(places, enter_pressed(s), escape_pressed(s))) handle_file_choice(s, s.dialogs.file.result());
}

}  // namespace nnfs::studio
