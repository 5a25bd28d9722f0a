#include "app/studio/window.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <utility>

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <stb/stb_image.h>

#include "engine/core/error.h"
#include "engine/util/input_file.h"

namespace nnfs::studio {

namespace {
Window::InputQueue& queue(GLFWwindow* w) { return *static_cast<Window::InputQueue*>(glfwGetWindowUserPointer(w)); }

bool is_regular_file(const std::string& path) {
  try {
    require_regular_file(path);
    return true;
  } catch (const Error&) {
    return false;  // no icon then; not worth a message
  }
}

void on_error(int code, const char* description) {
  std::fprintf(stderr, "nnfs-studio: GLFW error %d: %s\n", code, description);
}
void on_cursor(GLFWwindow* w, double x, double y) {
  queue(w).cursor.emplace_back(static_cast<float>(x), static_cast<float>(y));
  queue(w).activity = true;
}
void on_drop(GLFWwindow* w, int count, const char** paths) {
  for (int i = 0; i < count; ++i) queue(w).drops.emplace_back(paths[i]);
  queue(w).activity = true;
}
void on_any(GLFWwindow* w) { queue(w).activity = true; }
void on_size(GLFWwindow* w, int, int) { queue(w).activity = true; }
void on_key(GLFWwindow* w, int key, int, int action, int mods) {
  if (action == GLFW_PRESS) queue(w).keys.push_back({key, mods});
  queue(w).activity = true;
}
void on_char(GLFWwindow* w, unsigned int) { queue(w).activity = true; }
void on_button(GLFWwindow* w, int, int, int) { queue(w).activity = true; }
void on_scroll(GLFWwindow* w, double, double) { queue(w).activity = true; }
void on_focus(GLFWwindow* w, int) { queue(w).activity = true; }
void on_enter(GLFWwindow* w, int) { queue(w).activity = true; }
void on_scale(GLFWwindow* w, float, float) { queue(w).activity = true; }
}  // namespace

WindowSize fit_window_size(int width, int height, int area_width, int area_height, float scale) {
  if (!(scale > 0.0f) || !std::isfinite(scale)) scale = 1.0f;
  const int max_w = area_width > 0 ? static_cast<int>(std::floor(static_cast<float>(area_width) / scale)) : 3840;
  const int max_h = area_height > 0 ? static_cast<int>(std::floor(static_cast<float>(area_height) / scale)) : 2160;
  return {std::clamp(width, std::min(kMinWidth, max_w), max_w), std::clamp(height, std::min(kMinHeight, max_h), max_h)};
}

Window::~Window() {
  shutdown_imgui();
  if (window_) glfwDestroyWindow(window_);
  if (window_) glfwTerminate();
}

void Window::create(int width, int height, const std::string& title, const std::string& icon_png) {
  glfwSetErrorCallback(on_error);
  if (!glfwInit()) throw Error("cannot initialise GLFW (is there a display? DISPLAY is not set or not reachable)");
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
  int area_x = 0, area_y = 0, area_w = 0, area_h = 0;
  float scale = 1.0f, scale_y = 1.0f;
  if (GLFWmonitor* monitor = glfwGetPrimaryMonitor()) {
    glfwGetMonitorWorkarea(monitor, &area_x, &area_y, &area_w, &area_h);
    glfwGetMonitorContentScale(monitor, &scale, &scale_y);
  }
  const WindowSize size = fit_window_size(width, height, area_w, area_h, scale);
  window_ = glfwCreateWindow(size.width, size.height, title.c_str(), nullptr, nullptr);
  if (!window_) {
    glfwTerminate();
    throw Error("cannot create a window with an OpenGL 3.3 core context");
  }
  glfwSetWindowUserPointer(window_, &input_);
  glfwMakeContextCurrent(window_);
  glfwSwapInterval(1);
  glfwSetWindowSizeLimits(window_, std::min(kMinWidth, size.width), std::min(kMinHeight, size.height), GLFW_DONT_CARE,
                          GLFW_DONT_CARE);

  if (!icon_png.empty() && is_regular_file(icon_png)) {  // stb_image's fopen would block on a FIFO
    int w = 0, h = 0, n = 0;
    std::unique_ptr<unsigned char, void (*)(void*)> pixels(stbi_load(icon_png.c_str(), &w, &h, &n, 4), stbi_image_free);
    if (pixels) {
      const GLFWimage image{w, h, pixels.get()};
      glfwSetWindowIcon(window_, 1, &image);
    }
  }

  // Ours first; ImGui's backend (init_imgui) saves and chains them.
  glfwSetCursorPosCallback(window_, on_cursor);
  glfwSetDropCallback(window_, on_drop);
  glfwSetWindowRefreshCallback(window_, on_any);
  glfwSetWindowCloseCallback(window_, on_any);
  glfwSetWindowSizeCallback(window_, on_size);
  glfwSetFramebufferSizeCallback(window_, on_size);
  glfwSetWindowContentScaleCallback(window_, on_scale);
  glfwSetKeyCallback(window_, on_key);
  glfwSetCharCallback(window_, on_char);
  glfwSetMouseButtonCallback(window_, on_button);
  glfwSetScrollCallback(window_, on_scroll);
  glfwSetWindowFocusCallback(window_, on_focus);
  glfwSetCursorEnterCallback(window_, on_enter);
}

void Window::init_imgui() {
  ImGui_ImplGlfw_InitForOpenGL(window_, true);
  ImGui_ImplOpenGL3_Init("#version 330 core");
  imgui_ready_ = true;
}

void Window::shutdown_imgui() {
  if (!imgui_ready_) return;
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  imgui_ready_ = false;
}

void Window::wait_for_events(bool busy, double timeout) {
  if (busy) glfwPollEvents();
  else if (timeout > 0.0) glfwWaitEventsTimeout(timeout);
  else glfwWaitEvents();
}

void Window::wake() { glfwPostEmptyEvent(); }

bool Window::close_requested() const { return glfwWindowShouldClose(window_) != 0; }
void Window::cancel_close() { glfwSetWindowShouldClose(window_, GLFW_FALSE); }
void Window::set_title(const std::string& title) { glfwSetWindowTitle(window_, title.c_str()); }

float Window::content_scale() const {
  float x = 1.0f, y = 1.0f;
  glfwGetWindowContentScale(window_, &x, &y);
  return x > 0.0f ? x : 1.0f;
}

void Window::framebuffer_size(int& width, int& height) const { glfwGetFramebufferSize(window_, &width, &height); }
void Window::window_size(int& width, int& height) const { glfwGetWindowSize(window_, &width, &height); }
void Window::swap() { glfwSwapBuffers(window_); }

std::vector<ImVec2> Window::take_cursor_samples() { return std::exchange(input_.cursor, {}); }
std::vector<std::string> Window::take_drops() { return std::exchange(input_.drops, {}); }
std::vector<KeyPress> Window::take_key_presses() { return std::exchange(input_.keys, {}); }
bool Window::take_activity() { return std::exchange(input_.activity, false); }

}  // namespace nnfs::studio
