// The Playground tab's parts (panel_playground*.cpp): the controls column, the plane, the curves.
#pragma once

#include "app/studio/panels/panels.h"

namespace nnfs::studio {

void draw_playground_controls(AppState& s, float width);  // panel_playground_controls.cpp
void draw_playground_plane(AppState& s, float side);      // panel_playground_plane.cpp
void draw_playground_curves(AppState& s, float width, float height);  // panel_playground.cpp
void draw_playground_views(AppState& s);  // panel_playground.cpp: pg-step's diagram and step panel
// A button whose rectangle the layout event reports as `name` (tests click it).
bool playground_button(AppState& s, const char* label, const char* name, bool enabled = true);

}  // namespace nnfs::studio
