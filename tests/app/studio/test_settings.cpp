// Studio settings: what is saved loads back; broken or hostile files give usable defaults.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <string>

#include "app/studio/settings.h"
#include "support/temp_dir.h"

using namespace nnfs::studio;
using nnfs::test::TempDir;

TEST_CASE("Settings survive a save and load", "[studio][settings]") {
  TempDir dir;
  Settings s;
  s.theme = "light";
  s.ui_scale = 1.5f;
  s.show.dataset = false;
  s.last_dir = "/tmp/some where/ü";
  s.brush_width = 33.0f;
  s.window_width = 1920;
  s.window_height = 1080;
  s.add_recent("/a/model.safetensors", RecentKind::Model);
  s.add_recent("/data/mnist", RecentKind::Dataset);
  s.add_recent("/pics/seven.png", RecentKind::Image);
  save_settings(dir.path().string(), s);
  CHECK(load_settings(dir.path().string()) == s);
}

TEST_CASE("Missing, broken or out-of-range settings give defaults", "[studio][settings]") {
  TempDir dir;
  CHECK(load_settings(dir.path().string()) == Settings{});
  dir.write_text("settings.json", "{ not json");
  CHECK(load_settings(dir.path().string()) == Settings{});
  dir.write_text("settings.json",
                 R"({"theme": "purple", "ui_scale": 1e300, "brush_width": -5, "window_width": 1e30,
                     "panels": {"canvas": "yes"}, "recent": [{"path": 7}, {"path": "/x.png", "kind": "image"}]})");
  const Settings s = load_settings(dir.path().string());
  CHECK(s.theme == "dark");
  CHECK(s.ui_scale == 3.0f);
  CHECK(s.brush_width == 4.0f);
  CHECK(s.window_width == 16384);
  CHECK(s.show.canvas);
  REQUIRE(s.recent.size() == 1);
  CHECK(s.recent[0] == RecentFile{"/x.png", RecentKind::Image});
}

TEST_CASE("Recent files: most recent first, no duplicates, at most ten", "[studio][settings]") {
  Settings s;
  for (int i = 0; i < 15; ++i) s.add_recent("/m" + std::to_string(i) + ".safetensors", RecentKind::Model);
  s.add_recent("/m9.safetensors", RecentKind::Model);
  REQUIRE(s.recent.size() == Settings::kMaxRecent);
  CHECK(s.recent[0].path == "/m9.safetensors");
  CHECK(s.recent[1].path == "/m14.safetensors");
}

TEST_CASE("The settings directory follows XDG_CONFIG_HOME", "[studio][settings]") {
  const char* old = std::getenv("XDG_CONFIG_HOME");
  const std::string saved = old ? old : "";
  setenv("XDG_CONFIG_HOME", "/tmp/xdg-test", 1);
  CHECK(config_dir() == "/tmp/xdg-test/nnfs-studio");
  if (old) setenv("XDG_CONFIG_HOME", saved.c_str(), 1);
  else unsetenv("XDG_CONFIG_HOME");
}
