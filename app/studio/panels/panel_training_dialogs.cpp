// The Training tab's questions: "Replace the open model?" before a new model would drop trained or
// unsaved weights, and "Stop training and save?" when quitting during a run.
#include "app/studio/actions.h"
#include "app/studio/panels/panels.h"
#include "app/studio/shortcuts.h"
#include "app/studio/training_controller.h"

namespace nnfs::studio {

namespace {

// A modal with a question (also written as a "question" event), a hint and buttons, open while
// `asking` (the Training tab's phase); returns the index of the button pressed, or -1. Enter answers the first button, Escape the last (Cancel).
int ask(AppState& s, const char* id, bool asking, const char* question, const char* hint,
        std::initializer_list<const char*> buttons) {
  if (asking && !ImGui::IsPopupOpen(id)) {
    ImGui::OpenPopup(id);
    s.events.emit("question", {{"text", question}});
  }
  if (!ImGui::BeginPopupModal(id, nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return -1;
  ImGui::TextUnformatted(question);
  ImGui::TextDisabled("%s", hint);
  ImGui::Spacing();
  const float w = ImGui::GetFontSize() * 9.0f;
  int answer = -1, i = 0;
  for (const char* label : buttons) {
    if (i > 0) ImGui::SameLine();
    if (ImGui::Button(label, ImVec2(w, 0))) answer = i;
    ++i;
  }
  if (answer < 0 && !ImGui::IsWindowAppearing()) {
    if (enter_pressed(s)) answer = 0;
    else if (escape_pressed(s)) answer = i - 1;
  }
  if (answer >= 0) ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
  return answer;
}

}  // namespace

void draw_training_dialogs(AppState& s) {
  TrainingTab& t = s.training.tab;
  const std::string replace = "Replace " + s.doc.name() + " with a new model?";
  switch (ask(s, "New model###replace_model", t.phase == TrainingPhase::AskingReplace, replace.c_str(),
              "Its trained or unsaved weights are lost unless saved first. \"Continue training\" keeps them.",
              {"Start new model", "Cancel"})) {
    case 0: start_confirmed(s); break;
    case 1: question_cancelled(s); break;
    default: break;
  }
  switch (ask(s, "Training is running###quit_training", t.phase == TrainingPhase::AskingQuit,
              "Stop training and save the model?", "The run stops after the batch in flight.",
              {"Stop & save", "Stop & discard", "Cancel"})) {
    case 0: stop_training_then(s, AfterRun::SaveAndQuit); break;
    case 1: stop_training_then(s, AfterRun::Quit); break;
    case 2: question_cancelled(s); break;
    default: break;
  }
}

}  // namespace nnfs::studio
