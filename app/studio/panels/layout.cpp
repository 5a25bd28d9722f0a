// Panel geometry and the helpers every panel uses.
#include <algorithm>
#include <cmath>

#include "app/studio/panels/panels.h"

namespace nnfs::studio {

Layout compute_layout(const AppState& s) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const PanelVisibility& show = s.settings.show;
  Layout l;
  ImVec2 pos = vp->WorkPos, size = vp->WorkSize;
  if (show.status_bar) {
    const float h = ImGui::GetFrameHeight() + ImGui::GetStyle().WindowPadding.y;
    l.status = {ImVec2(pos.x, pos.y + size.y - h), ImVec2(size.x, h)};
    size.y -= h;
  }
  // The Playground tab, while it is the one shown, has the whole window: it needs neither the
  // canvas nor the result tabs.
  if (s.playground.shown && show.model) {
    l.top = {pos, size};
    return l;
  }
  // show.model: the "Model | Training" group; show.dataset: the "Plots | … | Dataset" group.
  const bool right = show.model || show.dataset;
  float left_w = 0.0f;
  if (show.canvas) {
    // The right column gets about half: plots, the gallery and the confusion matrix need room;
    // the canvas keeps at least 420 px for the drawing and its bars.
    left_w = right ? std::max(size.x - std::clamp(size.x * 0.5f, 420.0f, 1100.0f), std::min(size.x, 420.0f)) : size.x;
    l.canvas = {pos, ImVec2(left_w, size.y)};
  }
  const ImVec2 rpos(pos.x + left_w, pos.y);
  const float rw = size.x - left_w;
  if (show.model && show.dataset) {
    const float top = std::floor(size.y * 0.46f);
    l.top = {rpos, ImVec2(rw, top)};
    l.bottom = {ImVec2(rpos.x, rpos.y + top), ImVec2(rw, size.y - top)};
  } else if (show.model) {
    l.top = {rpos, ImVec2(rw, size.y)};
  } else if (show.dataset) {
    l.bottom = {rpos, ImVec2(rw, size.y)};
  }
  return l;
}

bool begin_panel(const char* title, const PanelRect& r) {
  ImGui::SetNextWindowPos(r.pos);
  ImGui::SetNextWindowSize(r.size);
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
                                 ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
  return ImGui::Begin(title, nullptr, flags);
}

void draw_empty_state(const char* heading, const char* hint) {
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float wrap = std::max(100.0f, avail.x - 2.0f * ImGui::GetFontSize());
  const ImVec2 h = ImGui::CalcTextSize(heading, nullptr, false, wrap);
  const ImVec2 t = ImGui::CalcTextSize(hint, nullptr, false, wrap);
  const float total = h.y + t.y + ImGui::GetStyle().ItemSpacing.y;
  const ImVec2 start = ImGui::GetCursorPos();
  ImGui::SetCursorPosY(start.y + std::max(0.0f, (avail.y - total) * 0.4f));
  ImGui::SetCursorPosX(start.x + std::max(0.0f, (avail.x - h.x) * 0.5f));
  ImGui::TextUnformatted(heading);
  ImGui::SetCursorPosX(start.x + std::max(0.0f, (avail.x - t.x) * 0.5f));
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + wrap);
  ImGui::TextDisabled("%s", hint);
  ImGui::PopTextWrapPos();
}

}  // namespace nnfs::studio
