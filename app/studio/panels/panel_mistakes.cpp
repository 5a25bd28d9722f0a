// Mistakes tab (placeholder until it is built).
#include "app/studio/panels/panels.h"

namespace nnfs::studio {

void draw_mistakes_tab(AppState&) { draw_empty_state("Mistakes", "not built yet"); }

}  // namespace nnfs::studio
