#include "app/studio/plot_export.h"

#include <cmath>
#include <filesystem>

#include "app/studio/actions.h"
#include "app/studio/screenshot.h"

namespace nnfs::studio {

namespace {
const char* default_name(PlotTarget target) {
  switch (target) {
    case PlotTarget::All: return "training-plots.png";
    case PlotTarget::BatchLoss: return "loss-per-batch.png";
    case PlotTarget::EpochLoss: return "loss-per-epoch.png";
    case PlotTarget::EpochAccuracy: return "accuracy-per-epoch.png";
  }
  return "plot.png";
}
}  // namespace

void ask_plot_png(AppState& s, PlotTarget target) {
  s.views.plots.capture.pending = target;
  s.dialogs.purpose = FilePurpose::SavePlot;
  s.dialogs.file.open(FileDialog::Mode::Save, "Save Plot as PNG", {{"PNG image (*.png)", {".png"}}},
                      s.settings.last_dir, default_name(target));
}

void plot_png_chosen(AppState& s, const std::string& path) {
  PlotCapture& c = s.views.plots.capture;
  c.requested = true;
  c.ready = false;
  c.target = c.pending;
  c.path = path;
  c.wait_frames = 2;  // the dialog and its dimmed background are gone by then
}

void save_requested_plot(AppState& s, int fb_width, int fb_height) {
  PlotCapture& c = s.views.plots.capture;
  if (!c.requested || !c.ready) return;
  c.requested = c.ready = false;
  // ImGui works in logical pixels; the framebuffer may be larger (HiDPI).
  const ImVec2 scale = ImGui::GetIO().DisplayFramebufferScale;
  const int x = static_cast<int>(std::floor(c.rect_min.x * scale.x)), y = static_cast<int>(std::floor(c.rect_min.y * scale.y));
  const int w = static_cast<int>(std::ceil(c.rect_max.x * scale.x)) - x, h = static_cast<int>(std::ceil(c.rect_max.y * scale.y)) - y;
  try {
    write_screenshot_region(c.path, fb_width, fb_height, x, y, w, h);
    std::error_code ec;
    const std::filesystem::path abs = std::filesystem::absolute(c.path, ec);
    s.events.emit("plot_saved", {{"path", ec ? c.path : abs.lexically_normal().string()}, {"width", w}, {"height", h}});
  } catch (const std::exception& e) {
    report_error(s, "Cannot save the plot", e.what());
  }
}

}  // namespace nnfs::studio
