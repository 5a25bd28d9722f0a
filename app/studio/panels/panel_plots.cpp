// Plots tab (placeholder until it is built).
#include "app/studio/panels/panels.h"

namespace nnfs::studio {

void draw_plots_tab(AppState&) { draw_empty_state("Plots", "not built yet"); }

}  // namespace nnfs::studio
