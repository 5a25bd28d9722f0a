// What the user can do, independent of how it was asked for (menu, shortcut, drop, launch flag).
//
// Every action that touches a file catches the engine's error, shows it in the error dialog,
// writes an "error" event, and leaves the app as it was: a failed open keeps the previous model,
// a failed save keeps the unsaved state.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "app/studio/app_state.h"

namespace nnfs::studio {

enum class Command {
  NewModel, OpenModel, SaveModel, SaveModelAs, ExportOnnx, OpenDataset, ImportImage, ExportCanvas, Quit,
  Undo, Redo, Clear, ToggleEraser, Screenshot, EvaluateModel, ShowShortcuts, ShowAbout,
};
void run_command(AppState& s, Command command);

// Asks "Save changes?" first when the model has unsaved changes.
void request(AppState& s, PendingAction action);
void run_pending(AppState& s, const PendingAction& action);

// The one way to change the open model (a new, opened or trained model; null: none): replaces it
// (model_doc.h: the version every view compares goes up), forgets the evaluation of the old one
// and makes the canvas predict again. The caller sets path, dirty and file_time.
void replace_open_model(AppState& s, std::shared_ptr<const Model> model);

// File operations (no questions asked).
void open_model_file(AppState& s, const std::string& path);
// True for a path ending in .onnx: open_model_file imports it (engine/onnx) instead of loading it.
bool is_onnx_path(const std::string& path);
// During a run or after one stopped early: a checkpoint (training_controller.h, save_training_run).
bool save_model_file(AppState& s, const std::string& path);
// Writes `model` atomically to `path`, which becomes the document's file; the model_saved event
// gets `extra` keys.
bool write_model_file(AppState& s, const std::string& path, const Model& model,
                      const nlohmann::json& extra = nlohmann::json::object());
// Writes a resumable run (a model file with the run's state, engine/train/checkpoint.h) the same way.
bool write_checkpoint_file(AppState& s, const std::string& path, const Checkpoint& ck);
void new_model(AppState& s, const std::string& preset, bool fashion);
void import_image_file(AppState& s, const std::string& path);
void export_canvas_file(AppState& s, const std::string& path);
// The open model as ONNX (engine/onnx/onnx_export.h); errors go to the error dialog.
void export_onnx_file(AppState& s, const std::string& path);
void open_dataset_dir(AppState& s, const std::string& dir);
void send_test_image_to_canvas(AppState& s, std::size_t index);
// Puts a width x height grayscale image (0 = paper, 255 = ink, as MNIST stores it) on the canvas.
void send_pixels_to_canvas(AppState& s, const std::uint8_t* pixels, int width, int height);
void show_other_samples(AppState& s);  // another random set of test images in the dataset panel

// A dropped model opens, a folder loads as a dataset, anything else goes to the canvas.
void handle_drops(AppState& s, const std::vector<std::string>& paths);
// The file dialog's confirmed path, for whatever it was opened for.
void handle_file_choice(AppState& s, const std::string& path);
std::vector<FileDialog::Place> file_dialog_places(const AppState& s);

// Shows `message` (the engine's one line) under `title` ("Cannot open the model") in the error
// dialog and writes an "error" event.
void report_error(AppState& s, const std::string& title, const std::string& message);
// Collects finished background jobs (dataset loads, evaluations).
void poll_background(AppState& s);
// Recomputes the canvas prediction when the drawing or the model changed.
void refresh_prediction(AppState& s);

}  // namespace nnfs::studio
