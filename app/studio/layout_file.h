// ImGui's window layout (imgui.ini in the settings directory), read and written by the studio
// rather than by ImGui: ImGui would fopen() it on the UI thread, so a FIFO there would block the
// start forever and a broken file would be read without a word. io.IniFilename stays null; the
// text goes through the engine's checked, non-blocking reader and atomic writer.
#pragma once

#include <string>

namespace nnfs::studio {

// The layout file's text, or "" when there is none. Throws nnfs::Error naming the file when it
// is not a readable regular file, is larger than a layout can be, or is not text (a NUL byte):
//   "…/imgui.ini: byte 1 is a NUL byte, expected ImGui's text window layout"
std::string read_layout_file(const std::string& path);

// Gives ImGui the layout (needs a current ImGui context).
void apply_layout(const std::string& text);

// Writes ImGui's current layout to `path` atomically; throws nnfs::Error on failure.
void save_layout_file(const std::string& path);

}  // namespace nnfs::studio
