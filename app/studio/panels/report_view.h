// What the Mistakes and Confusion tabs share: the class names they label with and the empty
// state shown while there is no evaluation report.
#pragma once

#include <string>
#include <vector>

#include "app/studio/app_state.h"

namespace nnfs::studio {

// The open model's class names ("0".."9", "T-shirt/top"…), else the evaluated data's, else
// numbers; always `classes` entries.
std::vector<std::string> report_class_names(const AppState& s, std::size_t classes);

// Draws why there is no report yet (no model, no dataset, evaluating, training before its first
// epoch) and returns true; false when s.training.report is there to show.
bool draw_report_empty_state(const AppState& s, const char* what);

// `text` centred in the box [min, max], shortened with "…" when it is wider.
void draw_centred_text(ImDrawList* dl, ImVec2 min, ImVec2 max, ImU32 color, const std::string& text);

}  // namespace nnfs::studio
