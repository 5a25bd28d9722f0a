#include "app/studio/app.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>

#define GLFW_INCLUDE_NONE
#include <GL/gl.h>
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include "app/studio/actions.h"
#include "app/studio/assets.h"
#include "app/studio/layout_file.h"
#include "app/studio/my_digits_actions.h"
#include "app/studio/my_digits_store.h"
#include "app/studio/playground_controller.h"
#include "app/studio/panels/panels.h"
#include "app/studio/plot_export.h"
#include "app/studio/runs_controller.h"
#include "app/studio/screenshot.h"
#include "app/studio/shortcuts.h"
#include "app/studio/teach_flow.h"
#include "app/studio/training_controller.h"
#include "engine/data/digit_store.h"

namespace nnfs::studio {

App::App(Options options) : options_(std::move(options)) {}

App::~App() { shutdown(); }

bool App::init() {
  AppState& s = *state_;
  s.config_dir = config_dir();
  try {
    if (!options_.events.empty()) s.events.open(options_.events);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "nnfs-studio: %s\n", e.what());
    return false;
  }
  read_saved_settings();
  if (!options_.theme.empty()) s.settings.theme = options_.theme;
  if (options_.scale > 0.0f) s.settings.ui_scale = options_.scale;
  s.screenshot_dir = options_.screenshot_dir;
  s.canvas.brush_width = s.settings.brush_width;
  try {
    const int w = options_.width > 0 ? options_.width : s.settings.window_width;
    const int h = options_.height > 0 ? options_.height : s.settings.window_height;
    const std::string assets = assets_dir();
    window_.create(w, h, "nnfs-studio", assets.empty() ? "" : assets + "/icon.png");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "nnfs-studio: %s\n", e.what());
    return false;
  }

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  imgui_ = true;
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // read and written by read_saved_layout / save_settings_files
  read_saved_layout();
  // Screenshots must not depend on where the pointer happens to be (hover, tooltips).
  if (!options_.screenshot.empty()) io.ConfigFlags |= ImGuiConfigFlags_NoMouse;
  window_.init_imgui();
  s.content_scale = window_.content_scale();
  apply_style();

  // What to show first: the model asked for (or the best bundled one), data, an image.
  // (Not with --train: the new model replaces it at once, and evaluating it would only compete
  // with the training for the cores; nor with --playground, which trains its own.)
  const std::string model = !options_.model.empty()                               ? options_.model
                            : options_.train.empty() && options_.playground.empty() ? bundled_model()
                                                                                    : "";
  if (!model.empty()) open_model_file(s, model);
  if (!options_.data.empty()) open_dataset_dir(s, options_.data);
  if (!options_.image.empty()) import_image_file(s, options_.image);
  s.teach.digits_dir = DigitStore::default_directory();
  open_my_digits(s, s.teach.digits_dir);
  if (!options_.files.empty()) handle_drops(s, options_.files);
  open_run_library(s, options_.runs_dir);
  if (!options_.train.empty()) start_training_at_launch();
  if (!options_.playground.empty()) {
    open_playground(s.playground, options_.playground);
    s.tabs.top = static_cast<int>(TopTab::Playground);
    if (options_.play) play_playground(s.playground);
  }
  return true;
}

// Settings and layout are read before the window appears, through the engine's non-blocking
// checked reader: a FIFO, a directory, a device or a huge file there is one error in the dialog,
// and the studio starts with the defaults. A file that could not be read is left as it is.
void App::read_saved_settings() {
  AppState& s = *state_;
  SettingsFile file = read_settings(s.config_dir);
  s.settings = std::move(file.settings);
  if (file.error.empty()) return;
  save_settings_ = file.replaceable;
  report_error(s, "Cannot read the settings",
               file.error + (file.replaceable ? "; using the defaults, saved over it on exit"
                                              : "; using the defaults, not saved this session"));
}

void App::read_saved_layout() {
  AppState& s = *state_;
  if (s.config_dir.empty()) {
    save_layout_ = false;
    return;
  }
  layout_path_ = s.config_dir + "/imgui.ini";
  try {
    apply_layout(read_layout_file(layout_path_));
  } catch (const std::exception& e) {
    save_layout_ = false;
    report_error(s, "Cannot read the window layout", std::string(e.what()) + "; using the default layout, not saved this session");
  }
}

// A failure is reported once (not again each time the settings change, nor at exit).
void App::save_settings_files() {
  AppState& s = *state_;
  try {
    if (save_settings_) save_settings(s.config_dir, s.settings);
    if (save_layout_) save_layout_file(layout_path_);
  } catch (const std::exception& e) {
    if (e.what() == save_error_) return;
    save_error_ = e.what();
    report_error(s, "Cannot save the settings", save_error_);
  }
}

// --train PRESET [--epochs N] [--batch N] [--data DIR|fashion]: a new model, trained at once.
void App::start_training_at_launch() {
  AppState& s = *state_;
  TrainingForm& f = s.training.tab.form;
  f.data = options_.data == "fashion" ? DataChoice::Fashion : DataChoice::Mnist;
  choose_preset(f, options_.train);
  if (options_.epochs > 0) f.epochs = options_.epochs;
  if (options_.batch > 0) f.batch = options_.batch;
  s.training.tab.pause_at = options_.pause_at;
  s.tabs.top = static_cast<int>(TopTab::Training);
  start_confirmed(s);
}

void App::apply_style() {
  AppState& s = *state_;
  const float scale = s.content_scale * s.settings.ui_scale;
  s.fonts = build_fonts(scale);
  if (fonts_uploaded_) {
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
  }
  apply_theme(s.settings.theme, scale);
  s.colors = palette(s.settings.theme);
  s.canvas.set_colors(s.colors.canvas);
  s.restyle = false;
}

// Sleeps in glfwWaitEvents while nothing changes. After any input a few more frames are drawn
// (ImGui settles hover and popup state over a frame or two); a loading job or a blinking text
// cursor wakes the loop a few times a second; --screenshot renders continuously.
void App::wait_for_work() {
  AppState& s = *state_;
  const bool screenshot_mode = !options_.screenshot.empty();
  const bool animating = s.dataset.loading.running() || s.dataset.evaluating.running() || s.files.running();
  // A run is followed at 20 frames a second (progress, plots, the canvas's live weights) until its
  // end has been handled; a pause, resume or stop just given is acknowledged by the trainer within
  // a batch, so look again soon.
  // The playground's boundary is redrawn several times a second while it trains: 30 frames a second.
  const bool playground = playground_needs_frames(s.playground);
  const double timeout = awaiting_trainer(s) ? 0.005 : playground ? 0.03 : training_needs_frames(s) ? 0.05 : animating ? 0.25 : ImGui::GetIO().WantTextInput ? 0.5 : 0.0;
  window_.wait_for_events(screenshot_mode || frames_left_ > 0, timeout);
  if (window_.take_activity()) frames_left_ = 3;
}

void App::draw_ui() {
  AppState& s = *state_;
  handle_shortcuts(s);
  draw_main_menu(s);
  const Layout layout = compute_layout(s);
  const PanelVisibility& show = s.settings.show;
  if (show.canvas && layout.canvas.size.x > 0.0f) draw_canvas_panel(s, layout.canvas);
  if (show.model) draw_top_tabs(s, layout.top);
  if (show.dataset && layout.bottom.size.y > 0.0f) draw_bottom_tabs(s, layout.bottom);
  if (show.status_bar) draw_status_bar(s, layout.status);
  draw_file_dialog(s);
  draw_unsaved_dialog(s);
  draw_new_model_dialog(s);
  draw_shortcuts_dialog(s);
  draw_about_dialog(s);
  draw_training_dialogs(s);
  draw_error_dialog(s);
}

bool App::frame() {
  AppState& s = *state_;
  wait_for_work();
  const double started = glfwGetTime(), cpu_started = thread_cpu_ms();
  if (window_.close_requested()) {
    window_.cancel_close();
    run_command(s, Command::Quit);
  }
  s.cursor_samples = window_.take_cursor_samples();
  s.key_presses = window_.take_key_presses();
  if (auto drops = window_.take_drops(); !drops.empty()) handle_drops(s, drops);
  poll_background(s);
  poll_training(s);
  poll_teach(s);
  poll_runs(s);
  poll_my_digits(s);
  poll_playground(s.playground, s.events, [] { Window::wake(); });
  const double polled = glfwGetTime();
  // A window moved to a monitor with another content scale (HiDPI) is restyled for it.
  if (const float scale = window_.content_scale(); scale != s.content_scale) {
    s.content_scale = scale;
    s.restyle = true;
  }
  if (s.restyle) apply_style();

  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  fonts_uploaded_ = true;
  ImGui::NewFrame();
  draw_ui();
  ImGui::Render();
  const double built = glfwGetTime();
  render();
  frame_phases_ms_ = {(polled - started) * 1e3, (built - polled) * 1e3, (glfwGetTime() - built) * 1e3};
  after_frame(started, cpu_started);
  if (frames_left_ > 0) --frames_left_;
  return !s.quit;
}

void App::render() {
  AppState& s = *state_;
  int fw = 0, fh = 0;
  window_.framebuffer_size(fw, fh);
  glViewport(0, 0, fw, fh);
  const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
  glClearColor(bg.x, bg.y, bg.z, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());

  // Screenshots read the back buffer before it is swapped.
  if (s.screenshot_requested) {
    s.screenshot_requested = false;
    char stamp[32];
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    localtime_r(&now, &tm);
    std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
    take_screenshot(s.screenshot_dir + "/nnfs-studio-" + stamp + "-" + std::to_string(++s.screenshot_counter) + ".png");
  }
  save_requested_plot(s, fw, fh);
  if (!options_.screenshot.empty()) {
    const bool loading = s.dataset.loading.running() || s.dataset.evaluating.running() || s.files.running();
    if (!loading && ++frames_rendered_ >= options_.frames) {
      if (!take_screenshot(options_.screenshot)) exit_code_ = 1;
      s.quit = true;
    }
  }
  window_.swap();
}

bool App::take_screenshot(const std::string& path) {
  AppState& s = *state_;
  int fw = 0, fh = 0;
  window_.framebuffer_size(fw, fh);
  try {
    write_screenshot(path, fw, fh);
    s.events.emit("screenshot", {{"path", path}, {"width", fw}, {"height", fh}});
    return true;
  } catch (const std::exception& e) {
    report_error(s, "Cannot save the screenshot", e.what());
    return false;
  }
}

void App::after_frame(double started, double cpu_started) {
  AppState& s = *state_;
  // The canvas, tab and training-button rectangles in window pixels, whenever one changes (tests
  // aim the mouse with them).
  if (s.settings.show.canvas) {
    const ImVec2 p = s.canvas.screen_pos();
    const float rect[4] = {std::round(p.x), std::round(p.y), std::round(s.canvas.screen_size()),
                           std::round(s.canvas.screen_size())};
    std::copy(rect, rect + 4, s.canvas_rect);
  }
  const float* c = s.canvas_rect;
  nlohmann::json layout = {{"canvas", {c[0], c[1], c[2], c[3]}}, {"tabs", s.rects.tabs}, {"buttons", s.rects.buttons}};
  if (std::string text = layout.dump(); text != s.rects.reported) {
    s.rects.reported = std::move(text);
    s.events.emit("layout", layout);
  }
  const std::string title = s.doc.model ? s.doc.name() + (s.doc.dirty ? "* — nnfs-studio" : " — nnfs-studio")
                                        : std::string("nnfs-studio");
  if (title != title_) window_.set_title(title_ = title);
  if (ImGuiIO& io = ImGui::GetIO(); s.settings_changed || io.WantSaveIniSettings) {
    s.settings_changed = false;
    io.WantSaveIniSettings = false;
    save_settings_files();
  }
  // Frame cost (input handling, UI, rendering, swap; not the sleep before it).
  const double now = glfwGetTime();
  const double ms = (now - started) * 1000.0;
  s.stats.last_frame_ms = ms;
  if (ms > s.stats.max_frame_ms) {
    s.stats.max_frame_ms = ms;
    s.stats.max_frame_cpu_ms = thread_cpu_ms() - cpu_started;
    s.stats.max_frame_phases_ms = frame_phases_ms_;
  }
  ++s.stats.frames;
  if (now - s.stats.last_report >= 1.0) {
    nlohmann::json frames = {{"count", s.stats.frames}, {"max_ms", s.stats.max_frame_ms},
                             {"max_cpu_ms", s.stats.max_frame_cpu_ms},
                             {"max_phases_ms", {{"poll", s.stats.max_frame_phases_ms[0]},
                                                {"ui", s.stats.max_frame_phases_ms[1]},
                                                {"render", s.stats.max_frame_phases_ms[2]}}}};
    if (training_active(s)) frames["training_step"] = s.training.progress.global_step;
    s.events.emit("frames", frames);
    s.stats = {0, 0.0, 0.0, {}, now, ms};
  }
}

void App::shutdown() {
  if (!imgui_) return;
  AppState& s = *state_;
  int w = 0, h = 0;
  window_.window_size(w, h);
  const float scale = s.content_scale > 0.0f ? s.content_scale : 1.0f;
  if (w > 0 && h > 0 && options_.width == 0) {
    s.settings.window_width = static_cast<int>(std::lround(static_cast<float>(w) / scale));
    s.settings.window_height = static_cast<int>(std::lround(static_cast<float>(h) / scale));
  }
  save_settings_files();
  state_.reset();  // textures go while the GL context exists; background jobs are joined
  window_.shutdown_imgui();
  ImGui::DestroyContext();
  imgui_ = false;
}

}  // namespace nnfs::studio
