// Status bar: the open model, the last prediction's cost, background work and training, frame time.
#include "app/studio/panels/panels.h"

namespace nnfs::studio {

void draw_status_bar(AppState& s, const PanelRect& r) {
  ImGui::SetNextWindowPos(r.pos);
  ImGui::SetNextWindowSize(r.size);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(ImGui::GetStyle().WindowPadding.x, ImGui::GetStyle().WindowPadding.y * 0.5f));
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                                 ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoFocusOnAppearing;
  ImGui::Begin("##status", nullptr, flags);
  ImGui::PopStyleVar();
  if (s.doc.model) ImGui::Text("%s%s", s.doc.name().c_str(), s.doc.dirty ? " (unsaved)" : "");
  else ImGui::TextDisabled("no model");
  ImGui::SameLine(0, ImGui::GetFontSize() * 2.0f);
  if (s.prediction.label >= 0) ImGui::TextDisabled("last prediction %.2f ms", s.prediction.ms);
  else ImGui::TextDisabled("draw on the canvas to predict");
  if (s.files.running()) {
    ImGui::SameLine(0, ImGui::GetFontSize() * 2.0f);
    ImGui::TextUnformatted(s.files.model.running() ? "loading model…" : "loading image…");
  }
  if (s.dataset.loading.running()) {
    ImGui::SameLine(0, ImGui::GetFontSize() * 2.0f);
    ImGui::TextUnformatted("loading dataset…");
  } else if (s.dataset.evaluating.running()) {
    ImGui::SameLine(0, ImGui::GetFontSize() * 2.0f);
    ImGui::TextUnformatted("evaluating…");
  }
  if (const TrainingProgress& p = s.training.progress; is_active(p.state)) {
    ImGui::SameLine(0, ImGui::GetFontSize() * 2.0f);
    ImGui::Text("%s epoch %zu/%zu  %3.0f%%  loss %.3g", p.state == TrainingState::Paused ? "paused:" : "training:",
                p.epoch, p.last_epoch, 100.0 * p.run_fraction(), p.batch_loss);
  }
  char frame[48];
  std::snprintf(frame, sizeof frame, "frame %.1f ms", s.stats.last_frame_ms);
  ImGui::SameLine(std::max(ImGui::GetCursorPosX(), ImGui::GetWindowContentRegionMax().x - ImGui::CalcTextSize(frame).x));
  ImGui::TextDisabled("%s", frame);
  ImGui::End();
}

}  // namespace nnfs::studio
