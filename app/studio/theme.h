// Look of the studio: dark and light themes, fonts (DejaVu from Debian's fonts-dejavu-core,
// else ImGui's own) and the UI scale (monitor content scale × the user's View › UI scale).
#pragma once

#include <string>

#include <imgui.h>

#include "app/studio/widgets/digit_canvas.h"

namespace nnfs::studio {

struct Fonts {
  ImFont* ui = nullptr;     // body text
  ImFont* mono = nullptr;   // tables of numbers, model summary
  ImFont* large = nullptr;  // the predicted class
  bool dejavu = false;      // false: ImGui's built-in font (ASCII only)
};

// Rebuilds the font atlas for `scale` (call between frames; the renderer's font texture is
// recreated by the caller).
Fonts build_fonts(float scale);

// Resets the style to the theme's colours and sizes, scaled.
void apply_theme(const std::string& theme, float scale);

// Colours used by the panels beyond ImGui's own.
struct Palette {
  ImU32 accent;          // top class bar
  ImU32 bar;             // other bars
  ImU32 bar_background;
  ImU32 error;
  DigitCanvas::Colors canvas;
};
Palette palette(const std::string& theme);

}  // namespace nnfs::studio
