#include "app/studio/settings.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/core/error.h"
#include "engine/util/atomic_file.h"

namespace nnfs::studio {

namespace {
using json = nlohmann::json;

const char* kind_name(RecentKind k) {
  switch (k) {
    case RecentKind::Model: return "model";
    case RecentKind::Dataset: return "dataset";
    case RecentKind::Image: return "image";
  }
  return "model";
}

RecentKind kind_from(const std::string& s) {
  if (s == "dataset") return RecentKind::Dataset;
  if (s == "image") return RecentKind::Image;
  return RecentKind::Model;
}

// Reads `key` into `value` when present with the right type; anything else keeps the default.
template <class T>
void get(const json& j, const char* key, T& value) {
  const auto it = j.find(key);
  if (it == j.end()) return;
  try {
    value = it->get<T>();
  } catch (const json::exception&) {
  }
}

// A number clamped to [lo, hi] before it is converted (a huge or non-finite value must not
// overflow the conversion); anything else keeps the default.
template <class T>
void get_number(const json& j, const char* key, T& value, double lo, double hi) {
  const auto it = j.find(key);
  if (it == j.end() || !it->is_number()) return;
  const double v = it->get<double>();
  if (std::isnan(v)) return;
  value = static_cast<T>(std::clamp(v, lo, hi));
}

constexpr std::uint64_t kMaxSettingsBytes = 1 << 20;  // a real settings file is about 1 KB

// settings.json's object, or null when there is none; throws nnfs::Error naming the file when it
// cannot be read or parsed (`replaceable` tells which).
json read_settings_json(const std::string& path, bool& replaceable) {
  std::error_code ec;
  if (!std::filesystem::exists(std::filesystem::symlink_status(path, ec))) return nullptr;
  replaceable = false;
  const auto bytes = read_file(path, kMaxSettingsBytes);  // non-blocking, refuses FIFOs and devices
  replaceable = true;
  const char* text = reinterpret_cast<const char*>(bytes.data());
  json j;
  try {
    j = json::parse(text, text + bytes.size());
  } catch (const json::parse_error& e) {
    throw Error(path + ": byte " + std::to_string(e.byte) + ": not valid JSON, expected the studio's settings");
  }
  if (!j.is_object()) throw Error(path + ": expected a JSON object of settings, found " + j.type_name());
  return j;
}
}  // namespace

void Settings::add_recent(const std::string& path, RecentKind kind) {
  const RecentFile entry{path, kind};
  recent.erase(std::remove(recent.begin(), recent.end(), entry), recent.end());
  recent.insert(recent.begin(), entry);
  if (recent.size() > kMaxRecent) recent.resize(kMaxRecent);
}

std::string config_dir() {
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg) return std::string(xdg) + "/nnfs-studio";
  if (const char* home = std::getenv("HOME"); home && *home) return std::string(home) + "/.config/nnfs-studio";
  return {};
}

SettingsFile read_settings(const std::string& dir) {
  SettingsFile file;
  if (dir.empty()) return file;
  json j;
  try {
    j = read_settings_json(dir + "/settings.json", file.replaceable);
  } catch (const std::exception& e) {
    file.error = e.what();
    return file;
  }
  if (j.is_null()) return file;
  Settings& s = file.settings;
  get(j, "theme", s.theme);
  if (s.theme != "dark" && s.theme != "light") s.theme = "dark";
  get_number(j, "ui_scale", s.ui_scale, 0.5, 3.0);
  get(j, "last_dir", s.last_dir);
  get_number(j, "brush_width", s.brush_width, 4.0, 60.0);
  get_number(j, "window_width", s.window_width, 320.0, 16384.0);
  get_number(j, "window_height", s.window_height, 240.0, 16384.0);
  if (const auto p = j.find("panels"); p != j.end() && p->is_object()) {
    get(*p, "canvas", s.show.canvas);
    get(*p, "model", s.show.model);
    get(*p, "dataset", s.show.dataset);
    get(*p, "status_bar", s.show.status_bar);
  }
  if (const auto r = j.find("recent"); r != j.end() && r->is_array()) {
    for (const auto& e : *r) {
      if (!e.is_object() || !e.contains("path") || !e["path"].is_string()) continue;
      std::string kind = "model";
      get(e, "kind", kind);
      if (s.recent.size() < Settings::kMaxRecent) s.recent.push_back({e["path"].get<std::string>(), kind_from(kind)});
    }
  }
  return file;
}

Settings load_settings(const std::string& dir) { return read_settings(dir).settings; }

void save_settings(const std::string& dir, const Settings& s) {
  if (dir.empty()) return;
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw Error(dir + ": cannot create the settings directory: " + ec.message());
  json recent = json::array();
  for (const auto& r : s.recent) recent.push_back({{"path", r.path}, {"kind", kind_name(r.kind)}});
  const json j = {{"theme", s.theme},
                  {"ui_scale", s.ui_scale},
                  {"last_dir", s.last_dir},
                  {"brush_width", s.brush_width},
                  {"window_width", s.window_width},
                  {"window_height", s.window_height},
                  {"panels", {{"canvas", s.show.canvas}, {"model", s.show.model}, {"dataset", s.show.dataset},
                              {"status_bar", s.show.status_bar}}},
                  {"recent", recent}};
  const std::string text = j.dump(2) + '\n';
  write_file_atomically(dir + "/settings.json", std::as_bytes(std::span(text)));
}

}  // namespace nnfs::studio
