// Plots tab: how the open model learned, from s.training.history — the loss of every batch (raw
// and smoothed, epoch boundaries dashed), and the train and validation loss and accuracy of every
// epoch. The curves follow a running training live and come back with a model saved with its
// history.
#include <algorithm>
#include <cstdio>

#include "app/studio/panels/panels.h"
#include "app/studio/plot_export.h"
#include "app/studio/run_history.h"

namespace nnfs::studio {

namespace {
struct SeriesColors {
  ImU32 train, validation, raw;
};

SeriesColors series_colors(const AppState& s) {
  // The raw batch loss is a faint grey under the smoothed curve: its many overlapping segments
  // add up, so a faint tint of the curve's own colour would drown the curve.
  if (s.settings.theme == "light") return {IM_COL32(38, 110, 220, 255), IM_COL32(222, 110, 20, 255), IM_COL32(60, 60, 70, 45)};
  return {IM_COL32(80, 160, 255, 255), IM_COL32(250, 150, 60, 255), IM_COL32(200, 200, 210, 45)};
}

// The per-epoch vectors are rebuilt when the history changes; the smoothed batch loss only
// grows by the new batches.
void update_series(PlotsTabState& p, const TrainingDoc& t) {
  const TrainingHistory& h = t.history;
  p.smoothed.update(h.batch_loss, p.smoothing);
  if (p.version == t.history_version) return;
  p.version = t.history_version;
  p.epochs.clear(), p.train_loss.clear(), p.train_acc.clear();
  p.test_epochs.clear(), p.test_loss.clear(), p.test_acc.clear();
  for (const EpochResult& e : h.epochs) {
    p.epochs.push_back(static_cast<float>(e.epoch));
    p.train_loss.push_back(static_cast<float>(e.train_loss));
    p.train_acc.push_back(static_cast<float>(e.train_acc * 100.0));
    if (e.test_loss && e.test_acc) {
      p.test_epochs.push_back(static_cast<float>(e.epoch));
      p.test_loss.push_back(static_cast<float>(*e.test_loss));
      p.test_acc.push_back(static_cast<float>(*e.test_acc * 100.0));
    }
  }
  // Batch k is drawn at x = k (from 1); an epoch that ended after batch b ends at b + 0.5.
  p.boundaries.clear();
  for (const std::size_t b : h.epoch_batch_end) p.boundaries.push_back(static_cast<float>(b) + 0.5f);
}

void draw_toolbar(AppState& s, PlotsTabState& p) {
  const float font = ImGui::GetFontSize();
  if (!s.training.history.batch_loss.empty()) {
    ImGui::SetNextItemWidth(font * 7.0f);
    ImGui::SliderFloat("Smoothing", &p.smoothing, 0.0f, 0.99f, "%.2f");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Exponential moving average of the batch loss (0: raw values)");
    ImGui::SameLine(0, font);
  }
  ImGui::Checkbox("Log scale", &p.log_loss);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Loss axes in powers of ten");
  ImGui::SameLine(0, font);
  if (ImGui::Button("Fit")) p.batch.fit(), p.epoch_loss.fit(), p.epoch_accuracy.fit();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Show all data again (or double-click a plot)");
  ImGui::SameLine();
  if (ImGui::Button("Save as PNG…")) ask_plot_png(s, PlotTarget::All);
  record_item_rect(s.rects.buttons, "Save as PNG");
  ImGui::SameLine();
  ImGui::TextDisabled("(?)");
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Hover: exact values\nWheel: zoom in x (Ctrl+wheel: in y)\nDrag: pan\n"
                      "Double-click: fit\nRight-click: more");
  if (s.training.history.batch_loss.empty() && !s.training.history.epochs.empty()) {
    ImGui::SameLine(0, font);
    ImGui::TextDisabled("no per-batch losses in this history");
  }
}

// A plot's right-click menu.
void plot_menu(AppState& s, PlotView& view, PlotTarget target, bool loss) {
  if (!ImGui::BeginPopupContextItem()) return;
  if (ImGui::MenuItem("Fit to the data", "double-click")) view.fit();
  if (loss) ImGui::MenuItem("Log scale", nullptr, &s.views.plots.log_loss);
  ImGui::Separator();
  if (ImGui::MenuItem("Save this plot as PNG…")) ask_plot_png(s, target);
  if (ImGui::MenuItem("Save all plots as PNG…")) ask_plot_png(s, PlotTarget::All);
  ImGui::EndPopup();
}

void draw_plots(AppState& s, PlotsTabState& p, bool interactive) {
  const SeriesColors c = series_colors(s);
  const TrainingHistory& h = s.training.history;
  const float font = ImGui::GetFontSize();
  const ImGuiStyle& style = ImGui::GetStyle();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  // The batch loss on top (when the history has it: model files written before it was recorded
  // do not), the two epoch plots side by side below (stacked when narrow); each at least 9 lines
  // high, the tab scrolls beyond that.
  const bool batches = !h.batch_loss.empty();
  const bool side_by_side = avail.x >= font * 32.0f;
  const int rows = (batches ? 1 : 0) + (side_by_side ? 1 : 2);
  const float min_h = font * 9.0f;
  const float rows_h = std::max(avail.y - style.ItemSpacing.y * static_cast<float>(rows - 1), min_h * static_cast<float>(rows));
  const float row_h = std::floor(rows_h / static_cast<float>(rows));
  const float half_w = std::floor((avail.x - style.ItemSpacing.x) * 0.5f);

  // Changes made while training (steering): a marker where each applied, on every plot.
  std::vector<PlotMarker> batch_changes, epoch_changes;
  for (const AppliedChange& ch : s.training.progress.changes) {
    const std::string label = describe_change(ch.change);
    batch_changes.push_back({static_cast<float>(ch.batches) + 0.5f, c.validation, label});
    const double steps = static_cast<double>(std::max<std::size_t>(s.training.progress.steps_per_epoch, 1));
    epoch_changes.push_back({static_cast<float>(static_cast<double>(ch.epoch - 1) + static_cast<double>(ch.step) / steps),
                             c.validation, label});
  }
  if (batches) {
    std::vector<PlotSeries> batch;
    const bool smoothing = p.smoothing > 0.0f;
    batch.push_back({"batch loss", smoothing ? c.raw : c.train, h.batch_loss, {}, 1.0f, smoothing ? 1.0f : 1.5f});
    if (smoothing) batch.push_back({"smoothed", c.train, p.smoothed.values(), {}, 1.0f, 2.0f});
    const PlotAxes batch_axes{"Loss per batch", "batch", "%.0f", "%.3g", p.log_loss, 1.0, p.boundaries, batch_changes};
    draw_plot("##batch", p.batch, batch_axes, batch, ImVec2(avail.x, row_h), interactive);
    plot_menu(s, p.batch, PlotTarget::BatchLoss, true);
  }

  const PlotSeries train_loss{"train", c.train, p.train_loss, p.epochs, 1.0f, 2.0f, true};
  const PlotSeries test_loss{"validation", c.validation, p.test_loss, p.test_epochs, 1.0f, 2.0f, true};
  const PlotSeries epoch_loss[] = {train_loss, test_loss};
  const PlotAxes loss_axes{"Loss per epoch", "epoch", "%.0f", "%.3g", p.log_loss, 1.0, {}, epoch_changes};
  const ImVec2 epoch_size(side_by_side ? half_w : avail.x, row_h);
  draw_plot("##epoch_loss", p.epoch_loss, loss_axes, epoch_loss, epoch_size, interactive);
  plot_menu(s, p.epoch_loss, PlotTarget::EpochLoss, true);

  if (side_by_side) ImGui::SameLine();
  const PlotSeries train_acc{"train", c.train, p.train_acc, p.epochs, 1.0f, 2.0f, true};
  const PlotSeries test_acc{"validation", c.validation, p.test_acc, p.test_epochs, 1.0f, 2.0f, true};
  const PlotSeries epoch_acc[] = {train_acc, test_acc};
  const PlotAxes acc_axes{"Accuracy (%)", "epoch", "%.0f", "%.2f%%", false, 1.0, {}, epoch_changes};
  draw_plot("##epoch_accuracy", p.epoch_accuracy, acc_axes, epoch_acc, epoch_size, interactive);
  plot_menu(s, p.epoch_accuracy, PlotTarget::EpochAccuracy, false);

  p.all_min = batches ? p.batch.rect_min : p.epoch_loss.rect_min;
  p.all_max = p.epoch_accuracy.rect_max;
}

// A requested PNG: the plots are drawn without hover for a couple of frames, then the target's
// rectangle is handed to App::render.
void mark_capture(PlotsTabState& p) {
  PlotCapture& c = p.capture;
  if (!c.requested || c.wait_frames > 0) return;
  const PlotView* view = c.target == PlotTarget::BatchLoss       ? &p.batch
                         : c.target == PlotTarget::EpochLoss     ? &p.epoch_loss
                         : c.target == PlotTarget::EpochAccuracy ? &p.epoch_accuracy
                                                                 : nullptr;
  const float pad = 6.0f;
  const ImVec2 lo = view ? view->rect_min : p.all_min, hi = view ? view->rect_max : p.all_max;
  c.rect_min = ImVec2(lo.x - pad, lo.y - pad);
  c.rect_max = ImVec2(hi.x + pad, hi.y + pad);
  c.ready = true;
}
}  // namespace

void draw_plots_tab(AppState& s) {
  if (!s.runs.ticked.empty()) {  // runs ticked in the Runs tab: their overlay instead
    s.views.plots.capture.requested = false;
    draw_compare_plots(s);
    return;
  }
  PlotsTabState& p = s.views.plots;
  if (s.training.history.empty()) {
    p.capture.requested = false;
    draw_empty_state(s.doc.model ? "No training history yet" : "No model loaded",
                     "Train a model in the Training tab, or open one saved with its history (such as the bundled "
                     "mnist-cnn): the loss of every batch and the loss and accuracy of every epoch appear here.");
    return;
  }
  update_series(p, s.training);
  draw_toolbar(s, p);
  PlotCapture& c = p.capture;
  const bool capturing = c.requested;
  draw_plots(s, p, !capturing);
  if (capturing) {
    mark_capture(p);
    if (c.wait_frames > 0) --c.wait_frames;
  }
}

}  // namespace nnfs::studio
