// "Save plot as PNG": the Plots tab asks for a file name (the in-app file dialog), then, once the
// dialog has gone, draws the plot as a picture (no hover readout) and App::render copies that
// rectangle from the back buffer into the file, next to the window screenshots.
#pragma once

#include <string>

#include "app/studio/app_state.h"

namespace nnfs::studio {

// Opens the file dialog for a PNG of `target` (the Plots tab's button or a plot's menu).
void ask_plot_png(AppState& s, PlotTarget target);
// The dialog's confirmed path (FilePurpose::SavePlot): the capture happens a few frames later.
void plot_png_chosen(AppState& s, const std::string& path);
// After rendering, before the swap: writes the requested plot when the tab has drawn it, and
// emits {"event":"plot_saved","path":…,"width":…,"height":…}.
void save_requested_plot(AppState& s, int framebuffer_width, int framebuffer_height);

}  // namespace nnfs::studio
