// Input events the studio handles itself, beside ImGui's per-frame key state: ImGui 1.86 only
// sees whether a key is down when a frame starts, so a press and release between two frames
// (a fast typist, a busy frame) would be lost for shortcuts. Key presses are queued instead.
#pragma once

#include <vector>

namespace nnfs::studio {

struct KeyPress {
  int key = 0;   // GLFW_KEY_*
  int mods = 0;  // GLFW_MOD_* bits
};

}  // namespace nnfs::studio
