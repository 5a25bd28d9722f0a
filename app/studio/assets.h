// Where the studio finds its files: bundled models and the icon (assets/), and fonts.
//
// Assets are looked up in order: $NNFS_STUDIO_ASSETS, <bin>/../share/nnfs-studio (installed by
// `cmake --install`), the source tree's assets/ (running from a build directory).
#pragma once

#include <string>

namespace nnfs::studio {

// The first existing assets directory, or "" if none is found.
std::string assets_dir();

// The best bundled model: mnist-cnn-large, else mnist-cnn, else mnist-mlp; "" if none exists.
std::string bundled_model();

// A TrueType font from Debian's fonts-dejavu-core, or "" (the UI then uses ImGui's own font).
std::string font_path(const char* file_name);

}  // namespace nnfs::studio
