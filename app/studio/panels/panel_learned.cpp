// Learned tab (placeholder until it is built).
#include "app/studio/panels/panels.h"

namespace nnfs::studio {

void draw_learned_tab(AppState&) { draw_empty_state("Learned", "not built yet"); }

}  // namespace nnfs::studio
