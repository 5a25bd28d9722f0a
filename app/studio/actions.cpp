#include "app/studio/actions.h"

#include <cstdio>
#include <filesystem>
#include <functional>
#include <random>

#include "app/studio/assets.h"
#include "app/studio/format.h"
#include "app/studio/my_digits_actions.h"
#include "app/studio/plot_export.h"
#include "app/studio/report_evaluation.h"
#include "app/studio/screenshot.h"
#include "app/studio/training_controller.h"
#include "app/studio/window.h"
#include "engine/core/error.h"
#include "engine/core/parallel.h"
#include "engine/data/data_source.h"
#include "engine/data/image.h"
#include "engine/data/preprocess.h"
#include "engine/model/model_file.h"
#include "engine/onnx/onnx_export.h"
#include "engine/onnx/onnx_import.h"
#include "engine/util/input_file.h"

namespace nnfs::studio {

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {
const std::vector<FileDialog::Filter> kModelFilters = {{"Model files (*.safetensors)", {".safetensors"}},
                                                       {"All files", {}}};
// Open also reads ONNX graphs (imported, then saved as .safetensors); Save As writes only ours.
const std::vector<FileDialog::Filter> kOpenModelFilters = {
    {"Models (*.safetensors, *.onnx)", {".safetensors", ".onnx"}}, {"ONNX graphs (*.onnx)", {".onnx"}}, {"All files", {}}};
const std::vector<FileDialog::Filter> kImageFilters = {
    {"Images (png, jpg, bmp, gif, tga)", {".png", ".jpg", ".jpeg", ".bmp", ".gif", ".tga"}}, {"All files", {}}};
const std::vector<FileDialog::Filter> kPngFilters = {{"PNG image (*.png)", {".png"}}};
const std::vector<FileDialog::Filter> kOnnxExportFilters = {{"ONNX model (*.onnx)", {".onnx"}}};
constexpr const char* kCannotExportOnnx = "Cannot export the model as ONNX";
constexpr const char* kNoModelToExport = "There is no model to export — create one with File › New or open one";

std::string absolute_path(const std::string& path) {
  std::error_code ec;
  const fs::path p = fs::absolute(path, ec);
  return ec ? path : p.lexically_normal().string();
}

std::string modification_time(const std::string& path) {
  std::error_code ec;
  const auto t = fs::last_write_time(path, ec);
  return ec ? std::string() : format_file_time(t);
}

// The dialog starts in `dir` when given (Save As: the model's own folder), else where the last
// one ended.
void open_dialog(AppState& s, FilePurpose purpose, FileDialog::Mode mode, const char* title,
                 const std::vector<FileDialog::Filter>& filters, const std::string& name = "",
                 const std::string& dir = "") {
  s.dialogs.purpose = purpose;
  s.dialogs.file.open(mode, title, filters, dir.empty() ? s.settings.last_dir : dir, name);
}

// Save As starts in the model's own folder, unless it is a bundled model (not a place for the
// user's files) or was never saved.
std::string save_as_dir(const AppState& s) {
  if (s.doc.path.empty()) return {};
  const std::string dir = fs::path(s.doc.path).parent_path().string();
  const std::string assets = assets_dir();
  if (!assets.empty() && dir.rfind(absolute_path(assets), 0) == 0) return {};
  return dir;
}

// One forward pass of a blank image sizes the canvas workspace for this network at batch 1, so the
// first live prediction costs what every later one does.
void warm_up(const Model& m, Workspace& ws) {
  if (!canvas_incompatibility(m).empty()) return;
  Shape shape = m.net.input_shape();
  shape.insert(shape.begin(), 1);
  const Tensor blank(shape);
  parallel_tasks(1, [&](int) { m.net.forward(blank, ws); });  // serially, as predict_canvas runs it
}

// Reads a file on `job`'s worker thread, unless the job still reads another one (then says so):
// one file of each kind at a time. `loading` remembers the path for that message.
template <class T>
void start_reading(AppState& s, BackgroundJob<T>& job, std::string& loading, const std::string& path,
                   const char* title, const char* kind, std::function<T()> work) {
  if (job.running()) {
    report_error(s, title, std::string(kind) + " is still loading (" + loading + "); try again when it is done");
    return;
  }
  loading = path;
  job.start(std::move(work), [] { Window::wake(); });
}

void pick_samples(DatasetDoc& d, std::size_t offset) {
  d.samples.clear();
  if (!d.data || d.data->test.count == 0) return;
  const std::size_t n = std::min<std::size_t>(24, d.data->test.count);
  std::mt19937_64 rng(offset);
  std::uniform_int_distribution<std::size_t> pick(0, d.data->test.count - 1);
  for (std::size_t i = 0; i < n; ++i) d.samples.push_back(offset == 0 ? i : pick(rng));
  d.atlas_dirty = true;
}
}  // namespace

void report_error(AppState& s, const std::string& title, const std::string& message) {
  std::fprintf(stderr, "nnfs-studio: %s\n", message.c_str());
  s.dialogs.errors.push_back({title, message});
  s.events.emit("error", {{"title", title},
                          {"message", message},
                          {"model", s.doc.model ? json(s.doc.path) : json(nullptr)}});
}

void replace_open_model(AppState& s, std::shared_ptr<const Model> model) {
  if (model) warm_up(*model, s.canvas_workspace);
  replace_model(s.doc, std::move(model));
  s.dataset.evaluation.reset();
  s.prediction_stale = true;
}

bool is_onnx_path(const std::string& path) { return fs::path(path).extension() == ".onnx"; }

void open_model_file(AppState& s, const std::string& path) {
  if (training_active(s)) {
    report_error(s, "Cannot open the model", "Training is running — stop it first (Training tab)");
    return;
  }
  start_reading<LoadedModel>(s, s.files.model, s.files.model_path, path, "Cannot open the model", "A model", [path] {
    // An ONNX graph goes through the same importer as `nnfs import`, with its default scaling.
    auto model = std::make_unique<Model>(is_onnx_path(path) ? import_onnx(path) : load_model(path));
    return LoadedModel{std::move(model), path};
  });
}

namespace {
// A model read by open_model_file's job becomes the open model.
void take_loaded_model(AppState& s, LoadedModel loaded) {
  if (training_active(s)) {
    report_error(s, "Cannot open the model", "Training is running — stop it first (Training tab)");
    return;
  }
  const std::string& path = loaded.path;
  replace_open_model(s, std::shared_ptr<const Model>(std::move(loaded.model)));
  // An imported ONNX graph is a new, unsaved document: Save must never write .safetensors bytes
  // over the .onnx file.
  const bool imported = is_onnx_path(path);
  s.doc.path = imported ? std::string() : absolute_path(path);
  s.doc.dirty = imported;
  s.doc.file_time = imported ? std::string() : modification_time(path);
  s.settings.add_recent(absolute_path(path), RecentKind::Model);
  s.settings_changed = true;
  s.events.emit("model_loaded", {{"path", absolute_path(path)},
                                 {"classes", s.doc.model->class_names},
                                 {"params", s.doc.model->net.param_count()}});
  adopt_model(s);
}
}  // namespace

bool save_model_file(AppState& s, const std::string& path) {
  if (!s.doc.model) {
    report_error(s, "Cannot save the model", "There is no model to save — create one with File › New or open one");
    return false;
  }
  if (training_active(s) || s.training.trainer.interrupted()) {
    save_training_run(s, path);
    return true;
  }
  return write_model_file(s, path, *s.doc.model);
}

namespace {

// Writes the document's file with `write`; then `path` is the document's file.
bool write_document(AppState& s, const std::string& path, const std::function<void()>& write, const json& extra) {
  try {
    write();
    s.doc.path = absolute_path(path);
    s.doc.dirty = false;
    s.doc.file_time = modification_time(path);
    s.settings.add_recent(s.doc.path, RecentKind::Model);
    s.settings_changed = true;
    json event = {{"path", s.doc.path}};
    event.update(extra);
    s.events.emit("model_saved", event);
    return true;
  } catch (const std::exception& e) {
    report_error(s, "Cannot save the model", e.what());
    return false;
  }
}

}  // namespace

bool write_model_file(AppState& s, const std::string& path, const Model& model, const json& extra) {
  return write_document(s, path, [&] { save_model(path, model); }, extra);
}

bool write_checkpoint_file(AppState& s, const std::string& path, const Checkpoint& ck) {
  const json extra = {{"epochs_done", ck.state.history.epochs_done()}, {"step", ck.state.step}, {"checkpoint", true}};
  return write_document(s, path, [&] { save_checkpoint(path, ck); }, extra);
}

void new_model(AppState& s, const std::string& preset, bool fashion) {
  if (training_active(s)) {
    report_error(s, "Cannot create the model", "Training is running — stop it first (Training tab)");
    return;
  }
  try {
    Model model;
    model.class_names = fashion ? fashion_class_names() : digit_class_names();
    model.net = Sequential::from_architecture({28, 28}, preset_architecture(preset, model.class_names.size()));
    model.net.init(std::random_device{}());
    model.training = {{"preset", preset}, {"dataset", fashion ? "fashion" : "mnist"}};
    replace_open_model(s, std::make_shared<const Model>(std::move(model)));
    s.doc.path.clear();
    s.doc.dirty = true;
    s.doc.file_time.clear();
    s.events.emit("model_new", {{"preset", preset}});
    adopt_model(s);
  } catch (const std::exception& e) {
    report_error(s, "Cannot create the model", e.what());
  }
}

void import_image_file(AppState& s, const std::string& path) {
  // Ink bright on black, the way the canvas holds a drawing (a light background is inverted).
  start_reading<LoadedImage>(s, s.files.image, s.files.image_path, path, "Cannot import the image", "An image", [path] {
    return LoadedImage{normalize_ink(to_gray(load_image(path))), absolute_path(path)};
  });
}

namespace {
void take_loaded_image(AppState& s, const LoadedImage& loaded) {
  s.canvas.set_image(loaded.ink.pixels.data(), static_cast<int>(loaded.ink.width), static_cast<int>(loaded.ink.height));
  s.prediction_stale = true;
  s.settings.add_recent(loaded.path, RecentKind::Image);
  s.settings_changed = true;
  s.events.emit("image_imported", {{"path", loaded.path}});
}
}  // namespace

void export_canvas_file(AppState& s, const std::string& path) {
  try {
    write_gray_png(path, s.canvas.raster(), DigitCanvas::kRaster, DigitCanvas::kRaster);
    s.events.emit("canvas_exported", {{"path", absolute_path(path)}});
  } catch (const std::exception& e) {
    report_error(s, "Cannot export the canvas", e.what());
  }
}

void export_onnx_file(AppState& s, const std::string& path) {
  try {
    if (!s.doc.model) throw Error(kNoModelToExport);
    export_onnx(*s.doc.model, path);
    s.events.emit("onnx_exported", {{"path", absolute_path(path)}});
  } catch (const std::exception& e) {
    report_error(s, kCannotExportOnnx, e.what());
  }
}

void open_dataset_dir(AppState& s, const std::string& dir) {
  start_reading<MnistData>(s, s.dataset.loading, s.dataset.loading_dir, dir, "Cannot load the dataset", "A dataset", [dir] {
    require_directory(resolve_data_dir(dir));  // a FIFO, a file or a device: one clear line
    return load_data_dir(dir);
  });
}

void send_test_image_to_canvas(AppState& s, std::size_t index) {
  if (!s.dataset.data || index >= s.dataset.data->test.count) return;
  const Dataset& test = s.dataset.data->test;
  send_pixels_to_canvas(s, test.pixels.data() + index * test.sample_size(), static_cast<int>(test.sample_shape[1]),
                        static_cast<int>(test.sample_shape[0]));
}

void send_pixels_to_canvas(AppState& s, const std::uint8_t* pixels, int width, int height) {
  s.canvas.set_image(pixels, width, height);
  s.prediction_stale = true;
}

void show_other_samples(AppState& s) { pick_samples(s.dataset, ++s.dataset.sample_round); }

void poll_background(AppState& s) {
  FileJobs& f = s.files;
  if (f.model.finished()) {
    if (auto loaded = f.model.take_result()) take_loaded_model(s, std::move(*loaded));
    else report_error(s, "Cannot open the model", f.model.error());
  }
  if (f.image.finished()) {
    if (auto loaded = f.image.take_result()) take_loaded_image(s, *loaded);
    else report_error(s, "Cannot import the image", f.image.error());
  }
  DatasetDoc& d = s.dataset;
  if (d.loading.finished()) {
    if (auto data = d.loading.take_result()) {
      d.data = std::make_shared<const MnistData>(std::move(*data));
      d.dir = d.loading_dir;
      d.evaluation.reset();
      d.sample_round = 0;
      pick_samples(d, 0);
      s.settings.add_recent(absolute_path(d.dir), RecentKind::Dataset);
      s.settings_changed = true;
      s.events.emit("dataset_loaded", {{"path", d.dir}, {"train", d.data->train.count}, {"test", d.data->test.count}});
    } else {
      report_error(s, "Cannot load the dataset", d.loading.error());
    }
  }
  if (d.evaluating.finished()) {
    if (auto result = d.evaluating.take_result()) {
      d.evaluation = std::move(*result);
      take_evaluated_report(s, *d.evaluation);
      s.events.emit("evaluated", {{"accuracy", d.evaluation->evaluation.accuracy},
                                  {"count", d.evaluation->evaluation.count}});
    } else {
      report_error(s, "Cannot evaluate the model", d.evaluating.error());
    }
  }
  evaluate_missing_report(s);
}

void refresh_prediction(AppState& s) {
  if (!s.prediction_stale) return;
  s.prediction_stale = false;
  s.prediction = predict_canvas(s.doc.shown().get(), s.canvas.raster(), DigitCanvas::kRaster, s.canvas_workspace);
  s.input_view_dirty = true;
  const Prediction& p = s.prediction;
  s.events.emit("prediction", {{"label", p.label >= 0 ? json(p.label) : json(nullptr)},
                               {"probs", p.probs.empty() ? json(nullptr) : json(p.probs)},
                               {"empty", p.empty},
                               {"ms", p.ms},
                               {"cpu_ms", p.cpu_ms}});
}

void run_pending(AppState& s, const PendingAction& a) {
  using Kind = PendingAction::Kind;
  switch (a.kind) {
    case Kind::None: break;
    case Kind::Quit: s.quit = true; break;
    case Kind::NewModel: s.dialogs.new_model = true; break;
    case Kind::OpenModel: open_model_file(s, a.path); break;
    case Kind::OpenModelDialog:
      open_dialog(s, FilePurpose::OpenModel, FileDialog::Mode::Open, "Open Model", kOpenModelFilters);
      break;
  }
}

void request(AppState& s, PendingAction action) {
  if (s.doc.model && s.doc.dirty) {
    s.dialogs.pending = std::move(action);
    s.dialogs.ask_unsaved = true;
    return;
  }
  run_pending(s, action);
}

void run_command(AppState& s, Command c) {
  using Kind = PendingAction::Kind;
  switch (c) {
    case Command::NewModel: request(s, {Kind::NewModel, {}}); break;
    case Command::OpenModel: request(s, {Kind::OpenModelDialog, {}}); break;
    case Command::SaveModel:
      if (s.doc.model && !s.doc.path.empty()) save_model_file(s, s.doc.path);
      else run_command(s, Command::SaveModelAs);
      break;
    case Command::SaveModelAs:
      if (!s.doc.model) {
        report_error(s, "Cannot save the model", "There is no model to save — create one with File › New or open one");
        break;
      }
      open_dialog(s, FilePurpose::SaveModelAs, FileDialog::Mode::Save, "Save Model As", kModelFilters,
                  s.doc.path.empty() ? "model.safetensors" : s.doc.name(),
                  save_as_dir(s));
      break;
    case Command::ExportOnnx:
      if (!s.doc.model) {
        report_error(s, kCannotExportOnnx, kNoModelToExport);
        break;
      }
      open_dialog(s, FilePurpose::ExportOnnx, FileDialog::Mode::Save, "Export as ONNX", kOnnxExportFilters,
                  s.doc.path.empty() ? "model.onnx" : fs::path(s.doc.name()).replace_extension(".onnx").string(),
                  save_as_dir(s));
      break;
    case Command::OpenDataset:
      open_dialog(s, FilePurpose::OpenDataset, FileDialog::Mode::Directory, "Open Dataset (an MNIST-style folder)",
                  {{"Folders", {}}});
      break;
    case Command::ImportImage:
      open_dialog(s, FilePurpose::ImportImage, FileDialog::Mode::Open, "Import Image", kImageFilters);
      break;
    case Command::ExportCanvas:
      open_dialog(s, FilePurpose::ExportCanvas, FileDialog::Mode::Save, "Export Canvas as PNG", kPngFilters,
                  "drawing.png");
      break;
    case Command::Quit:
      if (training_active(s)) ask_stop_before_quit(s);
      else request(s, {Kind::Quit, {}});
      break;
    case Command::Undo:
      if (my_digits_takes_undo(s)) undo_my_digit_edit(s);
      else s.prediction_stale |= s.canvas.undo();
      break;
    case Command::Redo: s.prediction_stale |= s.canvas.redo(); break;
    case Command::Clear: s.prediction_stale |= s.canvas.clear(); break;
    case Command::ToggleEraser: s.canvas.erase_mode = !s.canvas.erase_mode; break;
    case Command::Screenshot: s.screenshot_requested = true; break;
    case Command::EvaluateModel:
      if (!s.doc.model || !s.dataset.data || s.dataset.evaluating.running()) break;
      try {
        check_compatible(*s.doc.model, s.dataset.data->test);
      } catch (const std::exception& e) {
        report_error(s, "Cannot evaluate the model", e.what());
        break;
      }
      s.dataset.evaluating.start(
          // The open model is immutable (model_doc.h): the job shares it; a replacement while the
          // job runs leaves this one alive until the job is done.
          [model = s.doc.model, data = s.dataset.data, dir = s.dataset.dir,
           version = s.training.report_version] {
            auto report = std::make_shared<const EvaluationReport>(evaluate_report(*model, data->test));
            return Evaluated{report->summary, dir, report, version};
          },
          [] { Window::wake(); });
      break;
    case Command::ShowShortcuts: s.dialogs.shortcuts = true; break;
    case Command::ShowAbout: s.dialogs.about = true; break;
  }
}

void handle_file_choice(AppState& s, const std::string& path) {
  s.settings.last_dir = s.dialogs.file.directory();
  s.settings_changed = true;
  switch (s.dialogs.purpose) {
    case FilePurpose::OpenModel: open_model_file(s, path); break;
    case FilePurpose::SaveModelAs:
      if (save_model_file(s, path)) {
        const PendingAction next = std::exchange(s.dialogs.after_save, {});
        run_pending(s, next);
      } else {
        s.dialogs.after_save = {};
      }
      break;
    case FilePurpose::ExportOnnx: export_onnx_file(s, path); break;
    case FilePurpose::OpenDataset: open_dataset_dir(s, path); break;
    case FilePurpose::ImportImage: import_image_file(s, path); break;
    case FilePurpose::ExportCanvas: export_canvas_file(s, path); break;
    case FilePurpose::TrainingCsv: s.training.tab.form.csv_path = path; break;
    case FilePurpose::SavePlot: plot_png_chosen(s, path); break;
    case FilePurpose::MyDigits: my_digits_file_chosen(s, path); break;
  }
}

void handle_drops(AppState& s, const std::vector<std::string>& paths) {
  for (const std::string& p : paths) {
    std::error_code ec;
    if (fs::path(p).extension() == ".safetensors" || is_onnx_path(p)) request(s, {PendingAction::Kind::OpenModel, p});
    else if (fs::is_directory(p, ec)) open_dataset_dir(s, p);
    else import_image_file(s, p);
  }
}

std::vector<FileDialog::Place> file_dialog_places(const AppState& s) {
  std::vector<FileDialog::Place> places;
  std::error_code ec;
  places.push_back({"Home", home_dir()});
  places.push_back({"Working folder", fs::current_path(ec).string()});
  if (const std::string assets = assets_dir(); !assets.empty() && fs::is_directory(assets + "/models", ec))
    places.push_back({"Bundled models", assets + "/models"});
  if (!s.dataset.dir.empty() && fs::is_directory(s.dataset.dir, ec)) places.push_back({"Dataset", absolute_path(s.dataset.dir)});
  places.push_back({"/", "/"});
  // Folders of recent files, most recent first, once each.
  std::vector<std::string> seen;
  for (const RecentFile& r : s.settings.recent) {
    const std::string dir = r.kind == RecentKind::Dataset ? r.path : fs::path(r.path).parent_path().string();
    if (dir.empty() || std::find(seen.begin(), seen.end(), dir) != seen.end() || !fs::is_directory(dir, ec)) continue;
    seen.push_back(dir);
    places.push_back({"Recent: " + file_name_of(dir), dir});
    if (seen.size() == 5) break;
  }
  return places;
}

}  // namespace nnfs::studio
