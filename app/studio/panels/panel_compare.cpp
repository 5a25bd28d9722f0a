// The Plots tab while runs are ticked in the Runs tab: their curves overlaid, one colour per run
// with a legend by run name — the smoothed batch loss above, the loss and accuracy of every epoch
// below — against the epoch, the optimizer step or the seconds of training, and a marker where a
// setting was changed during a run. A run still training grows as the watcher follows it.
#include <algorithm>
#include <cmath>

#include "app/studio/panels/panels.h"
#include "app/studio/runs_controller.h"

namespace nnfs::studio {

namespace {

// Distinct colours, in tick order (then again, a little darker).
ImU32 run_color(std::size_t i, bool light) {
  static const ImU32 dark[] = {IM_COL32(80, 160, 255, 255),  IM_COL32(250, 150, 60, 255), IM_COL32(90, 200, 110, 255),
                               IM_COL32(235, 90, 100, 255),  IM_COL32(180, 130, 240, 255), IM_COL32(240, 210, 80, 255),
                               IM_COL32(80, 210, 210, 255),  IM_COL32(240, 130, 200, 255)};
  static const ImU32 bright[] = {IM_COL32(30, 100, 210, 255), IM_COL32(215, 100, 10, 255), IM_COL32(30, 140, 60, 255),
                                 IM_COL32(200, 40, 50, 255),  IM_COL32(120, 70, 190, 255), IM_COL32(160, 130, 0, 255),
                                 IM_COL32(0, 140, 150, 255),  IM_COL32(190, 60, 140, 255)};
  const std::size_t n = std::size(dark);
  ImVec4 c = ImGui::ColorConvertU32ToFloat4((light ? bright : dark)[i % n]);
  if (i >= n) c = ImVec4(c.x * 0.7f, c.y * 0.7f, c.z * 0.7f, c.w);
  return ImGui::ColorConvertFloat4ToU32(c);
}

void update_curves(RunsDoc& r, bool light) {
  std::erase_if(r.curves, [&](const auto& kv) { return std::find(r.ticked.begin(), r.ticked.end(), kv.first) == r.ticked.end(); });
  for (std::size_t i = 0; i < r.ticked.size(); ++i) {
    const auto it = r.snapshot->followed.find(r.ticked[i]);
    if (it == r.snapshot->followed.end()) continue;
    CompareCurves& c = r.curves[r.ticked[i]];
    for (PlotMarker& m : c.markers) m.color = run_color(i, light);  // the tick order may have changed
    if (c.from == it->second && c.mode == r.x_mode) continue;
    const FollowedRun& run = *it->second;
    const std::size_t steps = steps_per_epoch(run.settings);
    c.curves = overlay_curves(run.curves.history, steps ? steps : run.curves.steps_per_epoch, r.x_mode, 0.9f,
                              run.curves.change_steps, run.curves.batch_seconds);
    c.markers.clear();
    for (std::size_t k = 0; k < c.curves.change_x.size() && k < run.curves.change_labels.size(); ++k)
      c.markers.push_back({c.curves.change_x[k], run_color(i, light), run.curves.change_labels[k]});
    c.from = it->second;
    c.mode = r.x_mode;
  }
}

void draw_toolbar(AppState& s) {
  RunsDoc& r = s.runs;
  ImGui::Text("Comparing %zu run%s", r.ticked.size(), r.ticked.size() == 1 ? "" : "s");
  ImGui::SameLine(0, ImGui::GetFontSize());
  ImGui::TextDisabled("x:");
  int mode = static_cast<int>(r.x_mode);
  for (const OverlayX x : {OverlayX::Epoch, OverlayX::Step, OverlayX::Time}) {
    ImGui::SameLine();
    ImGui::RadioButton(to_string(x), &mode, static_cast<int>(x));
    record_item_rect(s.rects.buttons, (std::string("x ") + to_string(x)).c_str());
  }
  if (mode != static_cast<int>(r.x_mode)) {
    r.x_mode = static_cast<OverlayX>(mode);
    r.batch_view.fit(), r.loss_view.fit(), r.acc_view.fit();
  }
  ImGui::SameLine(0, ImGui::GetFontSize());
  if (ImGui::Button("Fit")) r.batch_view.fit(), r.loss_view.fit(), r.acc_view.fit();
  ImGui::SameLine();
  if (ImGui::Button("Stop comparing"))
    for (const std::string& id : std::vector<std::string>(r.ticked)) tick_run(s, id, false);
  record_item_rect(s.rects.buttons, "Stop comparing");
}

}  // namespace

void draw_compare_plots(AppState& s) {
  RunsDoc& r = s.runs;
  const bool light = s.settings.theme == "light";
  update_curves(r, light);
  draw_toolbar(s);
  std::vector<PlotSeries> batch, loss, acc;
  std::vector<PlotMarker> markers;
  for (std::size_t i = 0; i < r.ticked.size(); ++i) {
    const auto it = r.curves.find(r.ticked[i]);
    const auto run = r.snapshot->followed.find(r.ticked[i]);
    if (it == r.curves.end() || run == r.snapshot->followed.end()) continue;
    const OverlayCurves& c = it->second.curves;
    const std::string& name = run->second->summary.name;
    const ImU32 color = run_color(i, light);
    batch.push_back({name, color, c.step_loss, c.step_x, 1.0f, 1.5f});
    loss.push_back({name, color, c.epoch_loss, c.epoch_x, 1.0f, 2.0f, true});
    acc.push_back({name, color, c.epoch_acc, c.epoch_x, 1.0f, 2.0f, true});
    markers.insert(markers.end(), it->second.markers.begin(), it->second.markers.end());
  }
  for (const std::string& id : r.ticked)
    if (const auto it = r.snapshot->followed.find(id); it != r.snapshot->followed.end() && !it->second->problem.empty())
      ImGui::TextDisabled("%s: %s", it->second->summary.name.c_str(), it->second->problem.c_str());
  if (batch.empty()) {
    draw_empty_state("Reading the ticked runs…", "Their curves appear here in a moment.");
    return;
  }
  const float font = ImGui::GetFontSize();
  const ImGuiStyle& style = ImGui::GetStyle();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const bool side_by_side = avail.x >= font * 32.0f;
  const int rows = side_by_side ? 2 : 3;
  const float row_h = std::floor(std::max(avail.y - style.ItemSpacing.y * static_cast<float>(rows - 1), font * 9.0f * static_cast<float>(rows)) /
                                 static_cast<float>(rows));
  const std::string x_label = to_string(r.x_mode);
  const PlotAxes batch_axes{"Loss per batch (smoothed)", x_label, "%.4g", "%.3g", true, 0.0, {}, markers};
  draw_plot("##cmp_batch", r.batch_view, batch_axes, batch, ImVec2(avail.x, row_h));
  const ImVec2 half(side_by_side ? std::floor((avail.x - style.ItemSpacing.x) * 0.5f) : avail.x, row_h);
  const double step = r.x_mode == OverlayX::Epoch ? 1.0 : 0.0;
  const PlotAxes loss_axes{"Loss per epoch (test, else train)", x_label, "%.4g", "%.3g", true, step, {}, markers};
  draw_plot("##cmp_loss", r.loss_view, loss_axes, loss, half);
  if (side_by_side) ImGui::SameLine();
  const PlotAxes acc_axes{"Accuracy % (test, else train)", x_label, "%.4g", "%.2f%%", false, step, {}, markers};
  draw_plot("##cmp_acc", r.acc_view, acc_axes, acc, half);
}

}  // namespace nnfs::studio
