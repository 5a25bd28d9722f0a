// App: the studio's lifetime — init (window, ImGui, settings, the model to open), one frame at a
// time, shutdown.
#pragma once

#include <array>
#include <memory>
#include <string>

#include "app/studio/app_state.h"
#include "app/studio/options.h"
#include "app/studio/window.h"

namespace nnfs::studio {

class App {
 public:
  explicit App(Options options);
  ~App();

  bool init();     // false: could not start (message printed)
  bool frame();    // false: time to quit
  void shutdown();
  int exit_code() const { return exit_code_; }

 private:
  void read_saved_settings();
  void read_saved_layout();
  void save_settings_files();
  void wait_for_work();
  void start_training_at_launch();
  void apply_style();
  void draw_ui();
  void render();
  void after_frame(double started, double cpu_started);
  bool take_screenshot(const std::string& path);

  Options options_;
  Window window_;
  std::unique_ptr<AppState> state_ = std::make_unique<AppState>();
  std::string layout_path_;         // ImGui's layout (imgui.ini), read and written by the app
  bool save_settings_ = true;       // false: the file could not be read and is left as it is
  bool save_layout_ = true;         // likewise
  std::string save_error_;          // the last save failure, reported once
  std::string title_;
  bool imgui_ = false;
  bool fonts_uploaded_ = false;     // the renderer has made its font texture
  int frames_left_ = 3;             // frames to render before sleeping again
  int frames_rendered_ = 0;         // for --screenshot: frames once nothing is loading
  int exit_code_ = 0;
  std::array<double, 3> frame_phases_ms_{};  // this frame: input and polling, building the UI, rendering
};

}  // namespace nnfs::studio
