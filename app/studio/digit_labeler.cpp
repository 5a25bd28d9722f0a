#include "app/studio/digit_labeler.h"

#include <algorithm>

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include "engine/core/error.h"

namespace nnfs::studio {

int label_for_key(int key, int guess, std::size_t classes) {
  int digit = -1;
  if (key >= GLFW_KEY_0 && key <= GLFW_KEY_9) digit = key - GLFW_KEY_0;
  else if (key >= GLFW_KEY_KP_0 && key <= GLFW_KEY_KP_9) digit = key - GLFW_KEY_KP_0;
  else if (key == GLFW_KEY_ENTER || key == GLFW_KEY_KP_ENTER) digit = guess;
  return digit >= 0 && static_cast<std::size_t>(digit) < classes ? digit : -1;
}

std::vector<std::size_t> save_labelled(DigitSink& sink, const LabelledDrawing& drawing, std::size_t classes) {
  if (drawing.label < 0 || static_cast<std::size_t>(drawing.label) >= classes)
    throw Error("label " + std::to_string(drawing.label) + " is not a class: expected 0 to " +
                std::to_string(classes - 1));
  if (drawing.side <= 0 || drawing.raster.size() != static_cast<std::size_t>(drawing.side) * drawing.side)
    throw Error("drawing of " + std::to_string(drawing.raster.size()) + " bytes is not a " +
                std::to_string(drawing.side) + "x" + std::to_string(drawing.side) + " square");
  if (std::none_of(drawing.raster.begin(), drawing.raster.end(), [](std::uint8_t v) { return v != 0; }))
    throw Error("the canvas is empty: draw a digit before labelling it");
  sink.add(drawing);
  return sink.counts();
}

std::string describe_counts(const std::vector<std::size_t>& counts) {
  std::string out;
  for (std::size_t k = 0; k < counts.size(); ++k) {
    if (counts[k] == 0) continue;
    if (!out.empty()) out += " · ";
    out += std::to_string(counts[k]) + " × " + std::to_string(k);
  }
  return out.empty() ? "none yet" : out;
}

}  // namespace nnfs::studio
