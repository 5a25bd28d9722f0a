// "Teach the model my digits" at the head of the My digits tab: the button (disabled with its
// reason), the run while it lasts, and the result — before → after on your held-out digits and
// the MNIST test set — with Undo and Save. The flow itself is app/studio/teach_flow.cpp.
#include <cstdio>

#include "app/studio/actions.h"
#include "app/studio/panels/panels.h"
#include "app/studio/teach_flow.h"
#include "app/studio/training_controller.h"

namespace nnfs::studio {

namespace {

bool button(AppState& s, const char* label, const char* key) {
  const bool pressed = ImGui::Button(label);
  record_item_rect(s.rects.buttons, key);
  return pressed;
}

// While the run trains: its progress, and Pause/Resume/Stop (the Training tab has them too).
void draw_teaching_run(AppState& s) {
  const TrainingProgress& p = s.training.progress;
  char text[96];
  std::snprintf(text, sizeof text, "teaching: batch %zu of %zu", p.step, p.steps_per_epoch);
  ImGui::ProgressBar(static_cast<float>(p.run_fraction()), ImVec2(-1, 0), text);
  const TrainingState state = s.training.trainer.state();
  if (state == TrainingState::Paused) {
    if (button(s, "Resume##teach", "Resume teaching")) resume_training(s);
  } else if (button(s, "Pause##teach", "Pause teaching")) {
    pause_training(s);
  }
  ImGui::SameLine();
  if (button(s, "Stop##teach", "Stop teaching")) stop_training(s);
}

const char* ended_note(TrainingState ended) {
  if (ended == TrainingState::Stopped) return "The run was stopped before its end: these are the weights it reached.";
  if (ended == TrainingState::Failed) return "The run failed: these are its last good weights.";
  return nullptr;
}

void draw_result(AppState& s) {
  const TeachState& t = s.teach;
  const TeachSession::Phase phase = t.session.phase();
  if (phase != TeachSession::Phase::Done && phase != TeachSession::Phase::Undone) return;
  ImGui::Spacing();
  ImGui::TextUnformatted("Before → after teaching");
  const auto rows = teach_rows(t.session.before(), t.session.after(), t.held_out, t.test_images);
  if (ImGui::BeginTable("##teach_result", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit)) {
    for (const char* h : {"", "Before", "After", "Change"}) ImGui::TableSetupColumn(h);
    ImGui::TableHeadersRow();
    for (const TeachRow& r : rows)
      for (const std::string* cell : {&r.what, &r.before, &r.after, &r.change}) {
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(cell->c_str());
      }
    ImGui::EndTable();
  }
  ImGui::TextDisabled("%zu of your digits were mixed into a quarter of every batch; %zu were held out.",
                      t.taught_digits, t.held_out);
  if (const char* note = ended_note(t.ended)) ImGui::TextDisabled("%s", note);
  if (phase == TeachSession::Phase::Undone) {
    ImGui::TextDisabled("Undone: the model from before is open again.");
    return;
  }
  if (button(s, "Undo", "Undo teach")) undo_teach(s);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Puts back the model as it was before it was taught");
  ImGui::SameLine();
  if (button(s, "Save the taught model as…", "Save taught model")) run_command(s, Command::SaveModelAs);
}

}  // namespace

void draw_teach_panel(AppState& s) {
  const TeachState& t = s.teach;
  const std::string why = teach_blocker(s);
  ImGui::BeginDisabled(!why.empty());
  if (button(s, "Teach the model my digits", "Teach")) request_teach(s);
  ImGui::EndDisabled();
  ImGui::PushTextWrapPos(0.0f);
  switch (t.step) {
    case TeachStep::Preparing: ImGui::TextDisabled("Scoring the model on your held-out digits and the test set…"); break;
    case TeachStep::Training: draw_teaching_run(s); break;
    case TeachStep::Scoring: ImGui::TextDisabled("Scoring the taught model…"); break;
    case TeachStep::Idle:
      if (!why.empty()) ImGui::TextDisabled("%s", why.c_str());
      else ImGui::TextDisabled("Fine-tunes the open model on the training data mixed with your digits (a quarter of "
                               "every batch, augmented); a fifth of your digits is held out to score it.");
      break;
  }
  ImGui::PopTextWrapPos();
  draw_result(s);
  ImGui::Spacing();
  ImGui::Separator();
}

}  // namespace nnfs::studio
