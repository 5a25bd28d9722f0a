// AppState: everything the panels read and change, owned by the UI thread.
//
// Background work (loading a dataset, evaluating a model) lives in BackgroundJobs whose results
// the UI collects between frames; nothing here is shared with another thread.
#pragma once

#include <array>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <imgui.h>

#include "app/studio/background_job.h"
#include "app/studio/digit_labeler.h"
#include "app/studio/event_log.h"
#include "app/studio/file_jobs.h"
#include "app/studio/input.h"
#include "app/studio/live_predictor.h"
#include "app/studio/model_doc.h"
#include "app/studio/my_digits_tab.h"
#include "app/studio/playground_doc.h"
#include "app/studio/runs_doc.h"
#include "app/studio/settings.h"
#include "app/studio/teach_doc.h"
#include "app/studio/theme.h"
#include "app/studio/training_doc.h"
#include "app/studio/result_views.h"
#include "app/studio/widgets/digit_canvas.h"
#include "app/studio/widgets/file_dialog.h"
#include "app/studio/widgets/gl_texture.h"
#include "engine/data/mnist.h"
#include "engine/model/model.h"
#include "engine/train/evaluate.h"

namespace nnfs::studio {

struct Evaluated {
  Evaluation evaluation;
  std::string dataset;
  std::shared_ptr<const EvaluationReport> report;  // the same evaluation in full (mistakes, per class)
  std::uint64_t report_version = 0;                // TrainingDoc::report_version when it started
};

struct DatasetDoc {
  std::string dir;                             // what was asked for
  std::shared_ptr<const MnistData> data;       // loaded MNIST-style data, or null (shared with
                                               // a running evaluation)
  BackgroundJob<MnistData> loading;
  std::string loading_dir;
  std::vector<std::size_t> samples;            // test images shown in the dataset panel
  std::size_t sample_round = 0;                // 0: the first ones, then random sets
  GlTexture atlas;                             // those images, side by side
  bool atlas_dirty = true;
  BackgroundJob<Evaluated> evaluating;         // the model on the test split
  std::optional<Evaluated> evaluation;         // last result, for the open model
};

// What the file dialog was opened for.
enum class FilePurpose {
  OpenModel, SaveModelAs, ExportOnnx, OpenDataset, ImportImage, ExportCanvas, TrainingCsv, SavePlot, MyDigits
};

// An action that waits for "Save changes?" when the model has unsaved changes.
struct PendingAction {
  enum class Kind { None, Quit, NewModel, OpenModel, OpenModelDialog } kind = Kind::None;
  std::string path;
};

struct ErrorMessage {
  std::string title, message;
};

struct Dialogs {
  FileDialog file;
  FilePurpose purpose = FilePurpose::OpenModel;
  std::deque<ErrorMessage> errors;  // shown one at a time, oldest first
  PendingAction pending;            // waiting for the unsaved-changes question
  bool ask_unsaved = false;
  PendingAction after_save;         // run once "Save As" (from that question) succeeds
  bool new_model = false, about = false, shortcuts = false;
  int new_preset = 0, new_classes = 0;  // choices in the New Model dialog
};

struct Stats {
  int frames = 0;                   // since the last "frames" event
  double max_frame_ms = 0.0;
  double max_frame_cpu_ms = 0.0;    // the UI thread's CPU time in its slowest frame (rendering
                                    // threads of a software GL not included)
  std::array<double, 3> max_frame_phases_ms{};  // its input and polling, UI building, rendering
  double last_report = 0.0;         // glfwGetTime of the last "frames" event
  double last_frame_ms = 0.0;
};

// The tabs of the two tab groups on the right (see panels/layout.cpp). A request selects a tab on
// the next frame (menus, shortcuts, automation); -1: none.
enum class TopTab { Model, Training, Runs, Playground };
enum class BottomTab { Plots, Mistakes, Confusion, Learned, Dataset, MyDigits };
struct TabRequests {
  int top = -1, bottom = -1;
};

// Where tabs and buttons were last drawn, window pixels [x, y, w, h], by label: the "layout"
// event reports them so tests can click them.
struct UiRects {
  std::map<std::string, std::array<float, 4>> tabs, buttons;
  std::string reported;  // the last layout event, to send only changes
};

struct AppState {
  Settings settings;
  std::string config_dir;
  bool settings_changed = false;    // saved at the end of the frame

  ModelDoc doc;                     // the open model (model_doc.h)
  DigitCanvas canvas;
  Workspace canvas_workspace;       // the canvas predictions' passes (of doc.shown())
  Prediction prediction;
  bool prediction_stale = true;     // recompute before the canvas panel shows it
  GlTexture input_view;             // prediction.input, 28x28
  MyDigits my_digits;               // labelled drawings (digit_labeler.h)
  TeachState teach;                 // "Teach the model my digits" (teach_flow.h)
  bool input_view_dirty = true;
  DatasetDoc dataset;
  FileJobs files;                   // models and images being read (off the UI thread)
  TrainingDoc training;
  ResultViews views;              // the Plots, Mistakes, Confusion and Learned tabs
  MyDigitsTab my_digits_tab;        // the My digits tab (my_digits_actions.h)
  RunsDoc runs;                     // the Runs tab: the run library (runs_controller.h)
  PlaygroundDoc playground;         // the Playground tab (playground_controller.h)
  TabRequests tabs;
  UiRects rects;
  Dialogs dialogs;
  EventLog events;

  Fonts fonts;
  Palette colors{};
  float content_scale = 1.0f;       // from the monitor
  bool restyle = true;              // theme or scale changed: rebuild style and fonts between frames

  std::vector<ImVec2> cursor_samples;   // pointer positions since the last frame
  std::vector<KeyPress> key_presses;    // keys pressed since the last frame
  std::string screenshot_dir = ".";
  bool screenshot_requested = false;    // F12
  int screenshot_counter = 0;
  bool quit = false;
  Stats stats;
  float canvas_rect[4] = {0, 0, 0, 0};  // last reported layout, window pixels
};

}  // namespace nnfs::studio
