// Training tab (placeholder until it is built).
#include "app/studio/panels/panels.h"

namespace nnfs::studio {

void draw_training_tab(AppState&) { draw_empty_state("Training", "not built yet"); }

}  // namespace nnfs::studio
