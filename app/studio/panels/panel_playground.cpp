// The Playground tab (issue 18): the book's toy problems trained live by the engine. The controls
// on the left (data, network, optimizer, Play/Pause/Step/Reset), the plane with the decision
// boundary in the middle, the loss and accuracy curves on the right. While it is the selected tab
// the layout gives it the whole window (panels/layout.cpp).
#include <algorithm>

#include "app/studio/panels/panel_playground.h"
#include "app/studio/playground_controller.h"

namespace nnfs::studio {

bool playground_button(AppState& s, const char* label, const char* name, bool enabled) {
  if (!enabled) ImGui::BeginDisabled();
  const bool pressed = ImGui::Button(label);
  if (!enabled) ImGui::EndDisabled();
  record_item_rect(s.rects.buttons, name);
  return pressed && enabled;
}

void draw_playground_curves(AppState& s, float width, float height) {
  PlaygroundDoc& pg = s.playground;
  const PlaygroundCurves& c = pg.curves;
  const ImU32 train = IM_COL32(80, 160, 255, 255), test = IM_COL32(250, 150, 60, 255);
  const PlotSeries loss[] = {{"train", train, c.loss, c.epoch, 1.0f, 2.0f}, {"test", test, c.test_loss, c.test_epoch, 1.0f, 2.0f}};
  const PlotAxes loss_axes{"Loss", "epoch", "%.0f", "%.4g", true, 1.0, {}, {}};
  draw_plot("##pg_loss", pg.loss_view, loss_axes, loss, ImVec2(width, height));
  if (is_regression(pg.built)) return;  // sine: the loss says it all
  const PlotSeries acc[] = {{"train", train, c.accuracy, c.epoch, 1.0f, 2.0f},
                            {"test", test, c.test_accuracy, c.test_epoch, 1.0f, 2.0f}};
  const PlotAxes acc_axes{"Accuracy (%)", "epoch", "%.0f", "%.1f%%", false, 1.0, {}, {}};
  draw_plot("##pg_accuracy", pg.accuracy_view, acc_axes, acc, ImVec2(width, height));
}

// The network diagram and one step in numbers (panels/playground_views.h), on the newest
// published weights (the paused network's while paused).
void draw_playground_views(AppState& s) {
  PlaygroundDoc& pg = s.playground;
  const std::shared_ptr<const Model> weights = pg.trainer.weights();
  if (!weights || !pg.train || !pg.error.empty()) return;
  if (!is_regression(pg.built) && ImGui::CollapsingHeader("Network: every neuron's view", ImGuiTreeNodeFlags_DefaultOpen))
    draw_playground_diagram(weights->net, pg.bounds, pg.diagram);
  pg.step_view_open = ImGui::CollapsingHeader("One step in numbers");
  if (!pg.step_view_open) return;
  if (const std::shared_ptr<const Checkpoint> run = pg.step_run)  // weights and optimizer of one moment
    draw_playground_step(run->model.net, *pg.train, pg.built.loss, run->config.optimizer, run->state.optimizer, pg.step);
  else
    draw_playground_step(weights->net, *pg.train, pg.built.loss, pg.optimizer, OptimizerState{}, pg.step);
}

void draw_playground_tab(AppState& s) {
  PlaygroundDoc& pg = s.playground;
  pg.shown = true;
  pg.background = s.settings.theme == "light" ? rgba_pixel(246, 246, 246) : rgba_pixel(30, 30, 34);
  if (!pg.ready && pg.error.empty()) open_playground(pg, "spiral");
  const float font = ImGui::GetFontSize();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float controls_w = std::clamp(avail.x * 0.26f, font * 17.0f, font * 24.0f);
  if (ImGui::BeginChild("##pg_controls", ImVec2(controls_w, 0.0f))) draw_playground_controls(s, controls_w);
  ImGui::EndChild();
  ImGui::SameLine();
  const float rest = avail.x - controls_w - ImGui::GetStyle().ItemSpacing.x;
  const float side = std::max(font * 10.0f, std::min(avail.y, rest * 0.58f));
  if (ImGui::BeginChild("##pg_plane", ImVec2(side, side), false, ImGuiWindowFlags_NoScrollbar)) draw_playground_plane(s, side);
  ImGui::EndChild();
  ImGui::SameLine();
  if (ImGui::BeginChild("##pg_curves")) {
    const ImVec2 room = ImGui::GetContentRegionAvail();
    const float plot_h = std::max(font * 8.0f, std::min(room.y * 0.3f, font * 14.0f));
    draw_playground_curves(s, room.x, plot_h);
    draw_playground_views(s);
  }
  ImGui::EndChild();
}

}  // namespace nnfs::studio
