// Confusion tab (placeholder until it is built).
#include "app/studio/panels/panels.h"

namespace nnfs::studio {

void draw_confusion_tab(AppState&) { draw_empty_state("Confusion", "not built yet"); }

}  // namespace nnfs::studio
