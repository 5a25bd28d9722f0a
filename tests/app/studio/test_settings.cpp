// Studio settings: what is saved loads back; broken or hostile files give usable defaults.
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "app/studio/layout_file.h"
#include "app/studio/settings.h"
#include "app/studio/window.h"
#include "engine/core/error.h"
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

TEST_CASE("A broken settings file is one error naming it, and the defaults are used", "[studio][settings]") {
  TempDir dir;
  const std::string path = dir.file("settings.json");
  CHECK(read_settings(dir.path().string()).error.empty());  // missing: no error

  dir.write_text("settings.json", "{ not json");
  SettingsFile file = read_settings(dir.path().string());
  // The parser names the byte it stopped at: it has read "{ no" when it gives up.
  CHECK(file.error == path + ": byte 4: not valid JSON, expected the studio's settings");
  CHECK(file.replaceable);  // a save replaces it with good settings
  CHECK(file.settings == Settings{});

  dir.write_text("settings.json", "[1, 2]");
  CHECK(read_settings(dir.path().string()).error == path + ": expected a JSON object of settings, found array");
}

TEST_CASE("Settings that are a FIFO, a directory or a huge file do not block and are left alone",
          "[studio][settings]") {
  TempDir dir;
  const std::string path = dir.file("settings.json");
  SECTION("FIFO") {
    REQUIRE(::mkfifo(path.c_str(), 0600) == 0);
    const SettingsFile file = read_settings(dir.path().string());  // returns at once
    CHECK(file.error == path + ": is a named pipe (FIFO), expected a regular file");
    CHECK_FALSE(file.replaceable);
  }
  SECTION("directory") {
    std::filesystem::create_directory(path);
    const SettingsFile file = read_settings(dir.path().string());
    CHECK(file.error == path + ": is a directory, expected a file");
    CHECK_FALSE(file.replaceable);
  }
  SECTION("2 GiB sparse file") {
    dir.write_text("settings.json", "");
    REQUIRE(::truncate(path.c_str(), off_t{1} << 31) == 0);
    const SettingsFile file = read_settings(dir.path().string());
    CHECK(file.error.find(path + ": ") == 0);
    CHECK(file.error.find("2147483648 bytes") != std::string::npos);
    CHECK_FALSE(file.replaceable);
  }
  SECTION("dangling symbolic link") {
    std::filesystem::create_symlink(dir.file("nowhere"), path);
    CHECK_FALSE(read_settings(dir.path().string()).error.empty());
  }
}

TEST_CASE("The window layout file is read without blocking and must be text", "[studio][settings]") {
  TempDir dir;
  const std::string path = dir.file("imgui.ini");
  CHECK(read_layout_file(path).empty());  // missing: ImGui's defaults
  dir.write_text("imgui.ini", "[Window][Model]\nPos=0,0\n");
  CHECK(read_layout_file(path) == "[Window][Model]\nPos=0,0\n");
  dir.write_bytes("imgui.ini", {'[', 'W', 0, 1});
  CHECK_THROWS_WITH(read_layout_file(path), path + ": byte 3 is a NUL byte, expected ImGui's text window layout");
  std::filesystem::remove(path);
  REQUIRE(::mkfifo(path.c_str(), 0600) == 0);
  CHECK_THROWS_WITH(read_layout_file(path), path + ": is a named pipe (FIFO), expected a regular file");
}

TEST_CASE("A saved window size is fitted to the monitor's work area", "[studio][settings]") {
  CHECK(fit_window_size(1280, 800, 1920, 1050, 1.0f).width == 1280);
  const WindowSize huge = fit_window_size(100000, 100000, 1920, 1050, 1.0f);
  CHECK((huge.width == 1920 && huge.height == 1050));
  const WindowSize tiny = fit_window_size(0, -5, 1920, 1050, 1.0f);
  CHECK((tiny.width == 640 && tiny.height == 480));
  const WindowSize hidpi = fit_window_size(16384, 16384, 3840, 2160, 2.0f);  // logical pixels
  CHECK((hidpi.width == 1920 && hidpi.height == 1080));
  const WindowSize unknown = fit_window_size(16384, 16384, 0, 0, 1.0f);
  CHECK((unknown.width == 3840 && unknown.height == 2160));
  const WindowSize small_screen = fit_window_size(1280, 800, 300, 200, 1.0f);
  CHECK((small_screen.width == 300 && small_screen.height == 200));
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
