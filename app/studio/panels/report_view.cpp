#include "app/studio/panels/report_view.h"

#include "app/studio/panels/panels.h"

namespace nnfs::studio {

std::vector<std::string> report_class_names(const AppState& s, std::size_t classes) {
  const std::vector<std::string>* names = nullptr;
  if (s.doc.model && s.doc.model->class_names.size() == classes) names = &s.doc.model->class_names;
  else if (s.training.report && s.training.report->samples.class_names.size() == classes)
    names = &s.training.report->samples.class_names;
  if (names) return *names;
  std::vector<std::string> numbers;
  for (std::size_t k = 0; k < classes; ++k) numbers.push_back(std::to_string(k));
  return numbers;
}

bool draw_report_empty_state(const AppState& s, const char* what) {
  if (s.training.report) return false;
  const std::string hint = std::string("It shows ") + what + ".";
  if (!s.doc.model) {
    draw_empty_state("No model loaded", ("File › Open Model… or train one in the Training tab. " + hint).c_str());
  } else if (is_active(s.training.trainer.state())) {
    draw_empty_state("Training…", ("The first evaluation comes at the end of the first epoch. " + hint).c_str());
  } else if (s.dataset.evaluating.running()) {
    const int dots = static_cast<int>(ImGui::GetTime() * 3.0) % 4;
    draw_empty_state(("Evaluating the model on the test images" + std::string(static_cast<std::size_t>(dots), '.')).c_str(),
                     hint.c_str());
  } else if (s.dataset.loading.running()) {
    draw_empty_state("Loading the dataset…", ("The model is evaluated on its test images next. " + hint).c_str());
  } else if (!s.dataset.data) {
    draw_empty_state("No test data",
                     ("File › Open Dataset… (such as data/mnist): the model is evaluated on its test images. " + hint).c_str());
  } else {
    const std::string why = s.views.report_problem.empty() ? "This model cannot be evaluated on the loaded test images."
                                                           : "It cannot be evaluated on the loaded test images: " +
                                                                 s.views.report_problem;
    draw_empty_state("No evaluation", (why + " " + hint).c_str());
  }
  return true;
}

void draw_centred_text(ImDrawList* dl, ImVec2 min, ImVec2 max, ImU32 color, const std::string& text) {
  std::string base = text, shown = text;
  while (base.size() > 1 && ImGui::CalcTextSize(shown.c_str()).x > max.x - min.x - 2.0f) {
    // Drop the last UTF-8 character: its continuation bytes, then its lead byte.
    while (!base.empty() && (static_cast<unsigned char>(base.back()) & 0xC0) == 0x80) base.pop_back();
    if (!base.empty()) base.pop_back();
    shown = base + "…";
  }
  const ImVec2 size = ImGui::CalcTextSize(shown.c_str());
  dl->AddText(ImVec2(min.x + (max.x - min.x - size.x) * 0.5f, min.y + (max.y - min.y - size.y) * 0.5f), color,
              shown.c_str());
}

}  // namespace nnfs::studio
