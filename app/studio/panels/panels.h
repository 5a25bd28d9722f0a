// The studio's panels and dialogs: one function per file in panels/, called by the frame
// function in app.cpp in a fixed order.
#pragma once

#include <imgui.h>

#include "app/studio/app_state.h"

namespace nnfs::studio {

struct PanelRect {
  ImVec2 pos{0, 0}, size{0, 0};
};

// Tiles the work area (below the menu bar): the canvas on the left; on the right two tab groups,
// "Model | Training" above "Plots | Mistakes | Confusion | Learned | Dataset"; the status bar at
// the bottom. Hidden panels give their space to the others; while the Playground tab is the one
// shown, the top group has the whole work area (canvas and bottom group empty).
struct Layout {
  PanelRect canvas, top, bottom, status;
};
Layout compute_layout(const AppState& s);

// Begins a tiled panel window at `r` (no moving or resizing; the layout owns the geometry).
bool begin_panel(const char* title, const PanelRect& r);
// The empty state every panel shows instead of content: a heading and a hint, centred.
void draw_empty_state(const char* heading, const char* hint);
// Remembers the last item's screen rectangle under `name` (for the layout event; panel_tabs.cpp).
void record_item_rect(std::map<std::string, std::array<float, 4>>& rects, const char* name);

void draw_main_menu(AppState& s);
void draw_canvas_panel(AppState& s, const PanelRect& r);
// "This is a …": labels the drawing into My digits (panel_label.cpp; inside the canvas panel).
void draw_label_row(AppState& s, float width);
void draw_top_tabs(AppState& s, const PanelRect& r);     // panel_tabs.cpp
void draw_bottom_tabs(AppState& s, const PanelRect& r);  // panel_tabs.cpp
void draw_status_bar(AppState& s, const PanelRect& r);

// Tab contents, drawn inside the tab group's window.
void draw_model_tab(AppState& s);
void draw_training_tab(AppState& s);
void draw_runs_tab(AppState& s);            // panel_runs.cpp
void draw_playground_tab(AppState& s);      // panel_playground.cpp
void draw_compare_plots(AppState& s);       // panel_compare.cpp: the Plots tab with runs ticked
void draw_plots_tab(AppState& s);
void draw_mistakes_tab(AppState& s);
void draw_confusion_tab(AppState& s);
void draw_learned_tab(AppState& s);
void draw_dataset_tab(AppState& s);
void draw_my_digits_tab(AppState& s);  // panel_my_digits.cpp
void draw_teach_panel(AppState& s);    // panel_teach.cpp: "Teach the model my digits", at the My digits tab's head

void draw_file_dialog(AppState& s);
void draw_error_dialog(AppState& s);
void draw_unsaved_dialog(AppState& s);
void draw_new_model_dialog(AppState& s);
void draw_about_dialog(AppState& s);
void draw_shortcuts_dialog(AppState& s);
void draw_training_dialogs(AppState& s);  // "Replace the open model?", "Stop training and save?"

}  // namespace nnfs::studio
