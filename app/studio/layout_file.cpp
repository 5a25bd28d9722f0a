#include "app/studio/layout_file.h"

#include <filesystem>
#include <span>

#include <imgui.h>

#include "engine/core/error.h"
#include "engine/util/atomic_file.h"

namespace nnfs::studio {

namespace {
constexpr std::uint64_t kMaxLayoutBytes = 4 << 20;  // a real one is a few KB
}

std::string read_layout_file(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(std::filesystem::symlink_status(path, ec))) return {};
  const auto bytes = read_file(path, kMaxLayoutBytes);  // non-blocking, refuses FIFOs and devices
  std::string text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  if (const auto nul = text.find('\0'); nul != std::string::npos)
    throw Error(path + ": byte " + std::to_string(nul + 1) + " is a NUL byte, expected ImGui's text window layout");
  return text;
}

void apply_layout(const std::string& text) {
  if (!text.empty()) ImGui::LoadIniSettingsFromMemory(text.data(), text.size());
}

void save_layout_file(const std::string& path) {
  std::size_t size = 0;
  const char* text = ImGui::SaveIniSettingsToMemory(&size);
  std::error_code ec;  // a folder that cannot be made shows in the write's error
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
  write_file_atomically(path, std::as_bytes(std::span(text, size)));
}

}  // namespace nnfs::studio
