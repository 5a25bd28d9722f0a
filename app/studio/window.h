// Window: the GLFW window with its OpenGL 3.3 core context, and the input the studio needs beyond
// ImGui's: every pointer position (for smooth strokes), dropped files, close requests, and whether
// anything happened at all (so an idle app can sleep in glfwWaitEvents).
#pragma once

#include <string>
#include <vector>

#include <imgui.h>

#include "app/studio/input.h"

struct GLFWwindow;

namespace nnfs::studio {

// A window size in logical pixels that fits a monitor's work area (area_* in screen pixels, `scale`
// screen pixels per logical pixel): a size saved on a bigger screen, or an absurd one, must not
// open a window larger than the screen (every frame would render all of it). At least
// kMinWidth x kMinHeight (the smallest the layout is made for) where the area allows; an unknown
// area (0) only caps the size at 3840x2160.
struct WindowSize {
  int width = 0, height = 0;
};
inline constexpr int kMinWidth = 640, kMinHeight = 480;
WindowSize fit_window_size(int width, int height, int area_width, int area_height, float scale);

class Window {
 public:
  Window() = default;
  ~Window();
  Window(const Window&) = delete;
  Window& operator=(const Window&) = delete;

  // Creates the window (logical size; scaled by the monitor's content scale where the platform
  // does that; fitted to the primary monitor's work area). Throws nnfs::Error when GLFW or OpenGL 3.3 are not available.
  void create(int width, int height, const std::string& title, const std::string& icon_png);
  // Installs ImGui's GLFW + OpenGL3 backends (after ImGui::CreateContext). The backends chain
  // to the callbacks installed by create().
  void init_imgui();
  void shutdown_imgui();

  // Sleeps until an event arrives unless `busy` (then only polls); `timeout` > 0 bounds the sleep.
  void wait_for_events(bool busy, double timeout);
  static void wake();  // from any thread

  GLFWwindow* handle() const { return window_; }
  bool close_requested() const;
  void cancel_close();
  void set_title(const std::string& title);
  float content_scale() const;
  void framebuffer_size(int& width, int& height) const;
  void window_size(int& width, int& height) const;
  void swap();

  // Input since the previous call (cleared by take_*).
  std::vector<ImVec2> take_cursor_samples();
  std::vector<std::string> take_drops();
  std::vector<KeyPress> take_key_presses();
  bool take_activity();

 private:
  GLFWwindow* window_ = nullptr;
  bool imgui_ready_ = false;

 public:
  // What the callbacks collect, reached through the GLFW window's user pointer.
  struct InputQueue {
    std::vector<ImVec2> cursor;
    std::vector<std::string> drops;
    std::vector<KeyPress> keys;
    bool activity = true;
  };

 private:
  InputQueue input_;
};

}  // namespace nnfs::studio
