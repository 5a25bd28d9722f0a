// Settings that outlive a session, stored as JSON in $XDG_CONFIG_HOME/nnfs-studio/settings.json
// (~/.config/nnfs-studio/ without XDG_CONFIG_HOME), next to ImGui's window layout (imgui.ini).
#pragma once

#include <string>
#include <vector>

namespace nnfs::studio {

enum class RecentKind { Model, Dataset, Image };

struct RecentFile {
  std::string path;
  RecentKind kind = RecentKind::Model;
  bool operator==(const RecentFile&) const = default;
};

struct PanelVisibility {
  bool canvas = true;
  bool model = true;
  bool dataset = true;
  bool status_bar = true;
  bool operator==(const PanelVisibility&) const = default;
};

struct Settings {
  std::string theme = "dark";           // "dark" | "light"
  float ui_scale = 1.0f;                // on top of the monitor's content scale
  PanelVisibility show;
  std::vector<RecentFile> recent;       // most recent first, at most kMaxRecent
  std::string last_dir;                 // where the file dialog starts
  float brush_width = 20.0f;            // canvas brush diameter in logical canvas pixels (of 280)
  int window_width = 1280, window_height = 800;
  bool operator==(const Settings&) const = default;

  static constexpr std::size_t kMaxRecent = 10;
  void add_recent(const std::string& path, RecentKind kind);
};

// The directory for settings (created on save). Empty when neither XDG_CONFIG_HOME nor HOME is set.
std::string config_dir();

// What reading settings.json found. A missing file gives the defaults without an error. A file
// that cannot be read (a FIFO, a directory, a device, too big: checked without blocking) or that
// is not a JSON object gives the defaults and `error`, the one-line message naming the file.
// `replaceable` is false when the file could not even be read: it is then left as it is (a save
// would replace, say, a FIFO the user put there, or fail again on a directory).
struct SettingsFile {
  Settings settings;
  std::string error;
  bool replaceable = true;
};
SettingsFile read_settings(const std::string& dir);
// The settings alone (defaults on any problem).
Settings load_settings(const std::string& dir);
// Atomic write; throws nnfs::Error on failure.
void save_settings(const std::string& dir, const Settings& settings);

}  // namespace nnfs::studio
