// The My digits tab's grid (panel_my_digits_grid.cpp), drawn by panel_my_digits.cpp.
#pragma once

#include "app/studio/app_state.h"

namespace nnfs::studio {

// A row per class 0-9 with its count and the model's accuracy, then its thumbnails (the ones the
// model reads wrong first, outlined, with what it said); a click opens the relabel/delete menu.
void draw_my_digits_grid(AppState& s);

}  // namespace nnfs::studio
