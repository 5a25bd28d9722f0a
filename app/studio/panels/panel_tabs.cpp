// The two tab groups of the right column: "Model | Training" and
// "Plots | Mistakes | Confusion | Learned | Dataset". Each is one tiled window with a tab bar; the
// tab's content function draws inside it. AppState::tabs selects a tab from elsewhere (menus,
// shortcuts, automation) for one frame.
#include <cmath>
#include <iterator>
#include <utility>

#include "app/studio/panels/panels.h"

namespace nnfs::studio {

void record_item_rect(std::map<std::string, std::array<float, 4>>& rects, const char* name) {
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  rects[name] = {std::round(a.x), std::round(a.y), std::round(b.x - a.x), std::round(b.y - a.y)};
}

namespace {
struct Tab {
  const char* label;
  void (*draw)(AppState&);
};

// `request` is the index of a tab to select this frame, or -1; it is consumed before the tabs are
// drawn, so a tab's content can request another tab for the next frame (Confusion → Mistakes).
void draw_tab_group(AppState& s, const char* window, const PanelRect& r, const Tab* tabs, int count, int& request) {
  const int selected = std::exchange(request, -1);
  ImGui::SetNextWindowPos(r.pos);
  ImGui::SetNextWindowSize(r.size);
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
                                 ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus |
                                 ImGuiWindowFlags_NoTitleBar;
  if (ImGui::Begin(window, nullptr, flags) && ImGui::BeginTabBar("tabs")) {
    for (int i = 0; i < count; ++i) {
      const ImGuiTabItemFlags tab_flags = selected == i ? ImGuiTabItemFlags_SetSelected : 0;
      const bool open = ImGui::BeginTabItem(tabs[i].label, nullptr, tab_flags);
      record_item_rect(s.rects.tabs, tabs[i].label);
      if (open) {
        // Each tab scrolls on its own, below the tab bar.
        if (ImGui::BeginChild(tabs[i].label)) tabs[i].draw(s);
        ImGui::EndChild();
        ImGui::EndTabItem();
      }
    }
    ImGui::EndTabBar();
  }
  ImGui::End();
}
}  // namespace

void draw_top_tabs(AppState& s, const PanelRect& r) {
  // Order matches TopTab.
  static const Tab tabs[] = {{"Model", draw_model_tab}, {"Training", draw_training_tab}, {"Runs", draw_runs_tab},
                             {"Playground", draw_playground_tab}};
  s.playground.shown = false;  // set again by the Playground tab if it is the one drawn
  draw_tab_group(s, "##top", r, tabs, static_cast<int>(std::size(tabs)), s.tabs.top);
}

void draw_bottom_tabs(AppState& s, const PanelRect& r) {
  // Order matches BottomTab.
  static const Tab tabs[] = {{"Plots", draw_plots_tab},     {"Mistakes", draw_mistakes_tab},
                             {"Confusion", draw_confusion_tab}, {"Learned", draw_learned_tab},
                             {"Dataset", draw_dataset_tab},
                             {"My digits", [](AppState& st) {
                               draw_teach_panel(st);
                               draw_my_digits_tab(st);
                             }}};
  draw_tab_group(s, "##bottom", r, tabs, static_cast<int>(std::size(tabs)), s.tabs.bottom);
}

}  // namespace nnfs::studio
