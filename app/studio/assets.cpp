#include "app/studio/assets.h"

#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace nnfs::studio {

namespace fs = std::filesystem;

namespace {
bool is_dir(const fs::path& p) {
  std::error_code ec;
  return fs::is_directory(p, ec);
}
bool is_file(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec);
}
}  // namespace

std::string assets_dir() {
  if (const char* env = std::getenv("NNFS_STUDIO_ASSETS"); env && *env && is_dir(env)) return env;
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path installed = exe.parent_path().parent_path() / "share" / "nnfs-studio";
    if (is_dir(installed)) return installed.string();
  }
#ifdef NNFS_STUDIO_SOURCE_ASSETS
  if (is_dir(NNFS_STUDIO_SOURCE_ASSETS)) return NNFS_STUDIO_SOURCE_ASSETS;
#endif
  return {};
}

std::string bundled_model() {
  const std::string dir = assets_dir();
  if (dir.empty()) return {};
  for (const char* name : {"mnist-cnn-large.safetensors", "mnist-cnn.safetensors", "mnist-mlp.safetensors"}) {
    const fs::path p = fs::path(dir) / "models" / name;
    if (is_file(p)) return p.string();
  }
  return {};
}

std::string font_path(const char* file_name) {
  for (const char* dir : {"/usr/share/fonts/truetype/dejavu", "/usr/local/share/fonts/truetype/dejavu",
                          "/usr/share/fonts/dejavu", "/usr/share/fonts/TTF"}) {
    const fs::path p = fs::path(dir) / file_name;
    if (is_file(p)) return p.string();
  }
  return {};
}

}  // namespace nnfs::studio
