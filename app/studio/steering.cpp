#include "app/studio/steering.h"

#include <algorithm>

#include "app/studio/actions.h"
#include "app/studio/app_state.h"
#include "app/studio/panels/panels.h"
#include "app/studio/run_history.h"
#include "app/studio/training_controller.h"

namespace nnfs::studio {

RunChange steer_change(const SteerForm& form, float lr, std::size_t epochs, bool augment) {
  RunChange change;
  if (form.lr != lr) change.lr = form.lr;
  if (form.epochs >= 0 && static_cast<std::size_t>(form.epochs) != epochs) change.epochs = static_cast<std::size_t>(form.epochs);
  if (form.augment != augment) change.augment = form.augment;
  return change;
}

namespace {

void sync(SteerForm& f, const TrainConfig& c) {
  f.lr = c.optimizer.lr;
  f.epochs = static_cast<int>(c.epochs);
  f.augment = c.augment.has_value();
  f.synced = true;
}

void apply(AppState& s, const RunChange& change) {
  // The same check the run makes, so that a mistake is told at once (the run also refuses it).
  const TrainingProgress& p = s.training.progress;
  TrainConfig check = p.config;
  try {
    apply_change(check, change, p.step == 0 && p.epoch > 0 ? p.epoch - 1 : p.epoch);
  } catch (const std::exception& e) {
    report_error(s, "Cannot change the run", e.what());
    return;
  }
  if (!s.training.trainer.steer(change)) report_error(s, "Cannot change the run", "The run has ended");
  s.events.emit("run_change_sent", {{"change", change.to_json()}, {"global_step", p.global_step}});
}

}  // namespace

void draw_steer_controls(AppState& s) {
  SteerForm& f = s.training.tab.steer;
  const TrainingProgress& p = s.training.progress;
  if (!f.synced) sync(f, p.config);
  const float w = ImGui::GetFontSize() * 6.0f;
  ImGui::TextDisabled("Change while training:");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(w);
  ImGui::InputFloat("lr", &f.lr, 0.0f, 0.0f, "%g");
  record_item_rect(s.rects.buttons, "Steer lr");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(w);
  ImGui::InputInt("epochs##steer", &f.epochs, 0);
  record_item_rect(s.rects.buttons, "Steer epochs");
  ImGui::SameLine();
  ImGui::Checkbox("augment##steer", &f.augment);
  record_item_rect(s.rects.buttons, "Steer augment");
  ImGui::SameLine();
  const RunChange change = steer_change(f, p.config.optimizer.lr, p.config.epochs, p.config.augment.has_value());
  ImGui::BeginDisabled(change.empty());
  const bool pressed = ImGui::Button("Apply");
  ImGui::EndDisabled();
  record_item_rect(s.rects.buttons, "Apply change");
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("Applies at the next batch (when a paused run resumes), is recorded in the run's history\n"
                      "and shows as a marker on the plots");
  if (pressed) apply(s, change);
}

void poll_steering(AppState& s) {
  SteerForm& f = s.training.tab.steer;
  const TrainingProgress& p = s.training.progress;
  if (!is_active(p.state)) f.synced = false;  // the next run starts from its own settings
  if (p.changes.size() < f.changes_seen) f.changes_seen = 0;  // another model's history
  for (; f.changes_seen < p.changes.size(); ++f.changes_seen) {
    const AppliedChange& c = p.changes[f.changes_seen];
    s.events.emit("run_change", {{"epoch", c.epoch}, {"step", c.step}, {"batches", c.batches},
                                 {"change", c.change.to_json()}, {"text", describe_change(c.change)}});
    f.synced = false;
  }
  if (p.changes_refused < f.refused_seen) f.refused_seen = 0;  // another model's run
  if (p.changes_refused > f.refused_seen) {
    f.refused_seen = p.changes_refused;
    report_error(s, "The run refused the change", p.change_error);
  }
}

}  // namespace nnfs::studio
