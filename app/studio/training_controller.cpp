#include "app/studio/training_controller.h"

#include <algorithm>
#include <chrono>
#include <utility>

#include "app/studio/actions.h"
#include "app/studio/runs_controller.h"
#include "app/studio/steering.h"
#include "app/studio/window.h"
#include "engine/core/error.h"
#include "engine/data/data_source.h"
#include "engine/model/architecture.h"
#include "engine/train/clone_model.h"
#include "engine/train/new_model.h"

namespace nnfs::studio {

using json = nlohmann::json;

namespace {

constexpr double kWeightsInterval = 0.1;  // seconds between canvas model refreshes while training

bool has_trained_weights(const Model& m) {
  const auto it = m.training.find("history");
  return it != m.training.end() && it->is_array() && !it->empty();
}

std::shared_ptr<const Dataset> train_split(const std::shared_ptr<const MnistData>& d) { return {d, &d->train}; }
std::shared_ptr<const Dataset> test_split(const std::shared_ptr<const MnistData>& d) {
  return d->test.count > 0 ? std::shared_ptr<const Dataset>(d, &d->test) : nullptr;
}

// The run as the training record names it — as `nnfs train` names the same data (the resolved
// directory, or the CSV file) — and the checkpoint keys `nnfs train --resume` reads the data from.
RunDescription run_description(const AppState& s) {
  const TrainingForm& f = s.training.tab.form;
  return {f.data == DataChoice::Csv ? f.csv_path : training_data_key(s), f.use_preset ? f.preset : std::string()};
}

json checkpoint_info(const AppState& s) {
  const TrainingForm& f = s.training.tab.form;
  if (f.data == DataChoice::Csv) return {{"train", f.csv_path}};
  return {{"data", training_data_key(s)}};
}

// The form's data when loaded; otherwise starts loading it (or waits for the dataset panel's load
// of the same folder) and returns null.
std::shared_ptr<const MnistData> ready_data(AppState& s) {
  TrainingTab& t = s.training.tab;
  const std::string key = training_data_key(s);
  if (auto data = loaded_training_data(s)) {
    t.data = data;
    t.data_key = key;
    return data;
  }
  if (t.form.data != DataChoice::Csv && s.dataset.loading.running() && resolve_data_dir(s.dataset.loading_dir) == key)
    return nullptr;
  if (t.loading.running()) return nullptr;
  t.loading_key = key;
  if (t.form.data == DataChoice::Csv) {
    t.loading.start([path = t.form.csv_path] { return MnistData{load_samples_file(path), Dataset{}}; },
                    [] { Window::wake(); });
  } else {
    t.loading.start([key] { return load_data_dir(key); }, [] { Window::wake(); });
  }
  return nullptr;
}

void set_history(TrainingDoc& d, TrainingHistory history) {
  d.history = std::move(history);
  ++d.history_version;
  d.tab.epochs_reported = d.history.epochs.size();
}

// Appends what the trainer's history gained since the last frame (copies it when replaced).
bool follow_history(TrainingHistory& dst, const TrainingHistory& src) {
  if (dst.batch_loss.size() > src.batch_loss.size() || dst.epochs.size() > src.epochs.size()) dst = {};
  if (dst.batch_loss.size() == src.batch_loss.size() && dst.epochs.size() == src.epochs.size()) return false;
  dst.batch_loss.insert(dst.batch_loss.end(), src.batch_loss.begin() + static_cast<std::ptrdiff_t>(dst.batch_loss.size()),
                        src.batch_loss.end());
  const auto done = static_cast<std::ptrdiff_t>(dst.epochs.size());
  dst.epochs.insert(dst.epochs.end(), src.epochs.begin() + done, src.epochs.end());
  dst.epoch_batch_end.insert(dst.epoch_batch_end.end(), src.epoch_batch_end.begin() + done, src.epoch_batch_end.end());
  return true;
}

// The open document becomes `model` (a new or trained model, unsaved).
void install_model(AppState& s, Model model, bool new_document) {
  replace_open_model(s, std::make_shared<const Model>(std::move(model)));
  if (new_document) {
    s.doc.path.clear();
    s.doc.file_time.clear();
  }
  s.doc.dirty = true;
}

// A new model from the form: the open document and the trainer's model.
void create_model(AppState& s, const MnistData& data, const TrainConfig& config) {
  const TrainingForm& f = s.training.tab.form;
  const std::size_t classes = std::max<std::size_t>(data.train.class_names.size(), 1);
  const json architecture = resolve_architecture(architecture_text(f), classes, "network");
  Model model = nnfs::new_model(architecture, data.train, "", config.seed);
  s.training.trainer.set_model(clone_model(model));
  install_model(s, std::move(model), true);
  set_history(s.training, {});
  s.training.report.reset();
  ++s.training.report_version;
  s.events.emit("model_new", {{"arch", to_arch_string(architecture)},
                              {"params", s.doc.model->net.param_count()},
                              {"classes", s.doc.model->class_names}});
}

// The network as the run library lists it: the preset, else the architecture string.
// A text key of the model's training record ("" when it has none).
std::string recorded(const Model& m, const char* key) {
  const auto it = m.training.find(key);
  return it != m.training.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string run_network(const AppState& s) {
  if (s.training.tab.start == StartKind::NewModel) return s.training.tab.form.use_preset ? s.training.tab.form.preset : architecture_text(s.training.tab.form);
  const std::string preset = recorded(*s.doc.model, "preset");
  return !preset.empty() ? preset : recorded(*s.doc.model, "arch");
}

// Every run starts here: recorded in the run library, followed by the controller until it ends.
void run_job(AppState& s, TrainingJob job) {
  TrainingTab& t = s.training.tab;
  job.weights_min_interval = kWeightsInterval;
  job.pause_at = std::exchange(t.pause_at, 0);
  job.recorder = recorder_for_launch(s, job, run_network(s));
  s.training.trainer.start(std::move(job));
  t.phase = TrainingPhase::Running;
  t.epochs_reported = s.training.history.epochs.size();
  s.doc.dirty = true;
}

void launch(AppState& s, const std::shared_ptr<const MnistData>& data) {
  TrainingTab& t = s.training.tab;
  TrainingJob job;
  job.train = train_split(data);
  job.test = test_split(data);
  job.config = training_config(t.form);
  job.run = run_description(s);
  job.info = checkpoint_info(s);
  if (t.start == StartKind::NewModel) create_model(s, *data, job.config);
  run_job(s, std::move(job));
}

void begin_start(AppState& s, StartKind kind) {
  TrainingTab& t = s.training.tab;
  t.phase = TrainingPhase::WaitingForData;
  t.start = kind;
}

void do_after_run(AppState& s);

// The run has ended: the trained model (its last good weights, with history) becomes the document.
void run_ended(AppState& s, TrainingState state) {
  BackgroundTrainer& trainer = s.training.trainer;
  if (trainer.has_model()) install_model(s, trainer.model_copy(), false);
  if (state == TrainingState::Failed) report_error(s, "Training failed", s.training.progress.message);
  do_after_run(s);
}

// "Stop & save" / "Stop & discard": what happens once the run has ended.
void do_after_run(AppState& s) {
  const AfterRun after = std::exchange(s.training.tab.after_run, AfterRun::Nothing);
  if (after == AfterRun::Quit) {
    s.quit = true;
  } else if (after == AfterRun::SaveAndQuit) {
    if (!s.doc.path.empty()) {
      if (save_model_file(s, s.doc.path)) s.quit = true;
    } else {
      s.dialogs.after_save = {PendingAction::Kind::Quit, {}};
      run_command(s, Command::SaveModelAs);
    }
  }
}

// The canvas predicts with the trainer's latest weights (the published object itself, shared, not
// copied), refreshed a few times a second.
void follow_weights(AppState& s) {
  TrainingTab& t = s.training.tab;
  const double now = s.training.clock.now();
  if (now - t.weights_time < kWeightsInterval) return;
  if (!show_live(s.doc, s.training.trainer.weights())) return;
  t.weights_time = now;
  if (!s.prediction.empty) s.prediction_stale = true;
}

void poll_saving(AppState& s) {
  TrainingTab& t = s.training.tab;
  if (!t.saving.valid() || t.saving.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return;
  try {
    write_checkpoint_file(s, t.saving_path, t.saving.get());
  } catch (const std::exception& e) {
    report_error(s, "Cannot save the model", e.what());
  }
  s.doc.dirty = training_active(s);  // the run goes on past the saved state
}

void poll_data(AppState& s) {
  TrainingTab& t = s.training.tab;
  if (!t.loading.finished()) return;
  if (auto data = t.loading.take_result()) {
    t.data = std::make_shared<const MnistData>(std::move(*data));
    t.data_key = t.loading_key;
    s.events.emit("training_data_loaded", {{"data", t.data_key}, {"train", t.data->train.count},
                                           {"test", t.data->test.count}, {"classes", t.data->train.class_names}});
  } else {
    if (t.phase == TrainingPhase::WaitingForData) t.phase = TrainingPhase::Idle;
    report_error(s, "Cannot load the training data", t.loading.error());
  }
}

void poll_start(AppState& s) {
  TrainingTab& t = s.training.tab;
  if (t.phase != TrainingPhase::WaitingForData) return;
  auto data = ready_data(s);
  if (!data) return;
  t.phase = TrainingPhase::Idle;
  try {
    launch(s, data);
  } catch (const std::exception& e) {
    report_error(s, "Cannot start training", e.what());
  }
}

// The trainer's state changed: a training_state event, and the end of a run of ours handled.
void state_changed(AppState& s, TrainingState state) {
  TrainingDoc& d = s.training;
  TrainingTab& t = d.tab;
  const bool ended = in_run(t.phase) && !is_active(state);
  if (ended) t.phase = TrainingPhase::Idle;
  t.reported_state = state;
  // "time": wall-clock seconds (Unix time), so a test can tell how long after its click this was.
  json e = {{"state", to_string(state)}, {"epoch", d.progress.epoch}, {"global_step", d.progress.global_step},
            {"time", d.clock.unix_time()}};
  if (!d.progress.message.empty() && !is_active(state)) e["message"] = d.progress.message;
  s.events.emit("training_state", e);
  if (ended) run_ended(s, state);
}

}  // namespace

const char* to_string(TrainingPhase p) {
  switch (p) {
    case TrainingPhase::Idle: return "idle";
    case TrainingPhase::AskingReplace: return "asking_replace";
    case TrainingPhase::WaitingForData: return "waiting_for_data";
    case TrainingPhase::Running: return "running";
    case TrainingPhase::AskingQuit: return "asking_quit";
    case TrainingPhase::Stopping: return "stopping";
  }
  return "unknown";
}

bool training_active(const AppState& s) { return is_active(s.training.trainer.state()); }

bool training_needs_frames(const AppState& s) {
  const TrainingTab& t = s.training.tab;
  return training_active(s) || in_run(t.phase) || t.phase == TrainingPhase::WaitingForData || t.loading.running() ||
         t.saving.valid();
}

bool awaiting_trainer(const AppState& s) {
  const TrainingState state = s.training.trainer.state();
  return is_active(state) && (state != s.training.tab.reported_state ||
                              s.training.trainer.pause_requested() != (state == TrainingState::Paused) ||
                              s.training.tab.phase == TrainingPhase::Stopping);
}

std::string training_data_key(const AppState& s) {
  const TrainingForm& f = s.training.tab.form;
  switch (f.data) {
    case DataChoice::Fashion: return resolve_data_dir("fashion");
    case DataChoice::Csv: return "csv:" + f.csv_path;
    case DataChoice::Mnist: break;
  }
  const std::string loaded = !s.dataset.dir.empty() ? s.dataset.dir : s.dataset.loading_dir;
  const std::string dir = loaded.empty() ? std::string() : resolve_data_dir(loaded);
  return !dir.empty() && dir != resolve_data_dir("fashion") ? dir : resolve_data_dir("mnist");
}

std::shared_ptr<const MnistData> loaded_training_data(const AppState& s) {
  const TrainingTab& t = s.training.tab;
  const std::string key = training_data_key(s);
  if (t.data && t.data_key == key) return t.data;
  if (t.form.data != DataChoice::Csv && s.dataset.data && resolve_data_dir(s.dataset.dir) == key) return s.dataset.data;
  return nullptr;
}

void request_start(AppState& s, bool continue_training) {
  if (training_active(s) || s.training.tab.phase != TrainingPhase::Idle) return;
  if (continue_training && !s.doc.model) {
    report_error(s, "Cannot continue training", "There is no open model — open one or start a new model");
    return;
  }
  if (!continue_training && s.doc.model && (s.doc.dirty || has_trained_weights(*s.doc.model))) {
    s.training.tab.phase = TrainingPhase::AskingReplace;
    return;
  }
  begin_start(s, continue_training ? StartKind::ContinueModel : StartKind::NewModel);
}

void start_confirmed(AppState& s) { begin_start(s, StartKind::NewModel); }

void start_job(AppState& s, TrainingJob job) {
  if (training_active(s) || s.training.tab.phase != TrainingPhase::Idle) throw Error("training is already running");
  if (!s.doc.model) throw Error("there is no open model to train");
  s.training.tab.start = StartKind::ContinueModel;
  // Named as the Training tab names its data; the network is the open model's own.
  job.run = {run_description(s).dataset, recorded(*s.doc.model, "preset")};
  const json info = checkpoint_info(s);
  for (const auto& [key, value] : info.items()) job.info[key] = value;
  run_job(s, std::move(job));
}

void question_cancelled(AppState& s) {
  TrainingTab& t = s.training.tab;
  if (t.phase == TrainingPhase::AskingReplace) t.phase = TrainingPhase::Idle;
  if (t.phase == TrainingPhase::AskingQuit) t.phase = TrainingPhase::Running;
}

void ask_stop_before_quit(AppState& s) {
  if (training_active(s) && in_run(s.training.tab.phase)) s.training.tab.phase = TrainingPhase::AskingQuit;
}

void pause_training(AppState& s) { s.training.trainer.pause(); }
void resume_training(AppState& s) { s.training.trainer.resume(); }
void stop_training(AppState& s) {
  TrainingTab& t = s.training.tab;
  if (t.phase == TrainingPhase::WaitingForData) t.phase = TrainingPhase::Idle;
  if (in_run(t.phase) && training_active(s)) t.phase = TrainingPhase::Stopping;
  s.training.trainer.stop();
}

void stop_training_then(AppState& s, AfterRun after) {
  s.training.tab.after_run = after;
  if (!in_run(s.training.tab.phase)) {  // the run ended while the question was open
    do_after_run(s);
    return;
  }
  stop_training(s);
}

void adopt_model(AppState& s) {
  if (!s.doc.model || training_active(s)) return;
  // A checkpoint (saved during a run, or by nnfs train --checkpoint) brings its run along:
  // "Continue training" then goes on exactly where it stopped.
  std::optional<Checkpoint> run;
  if (!s.doc.path.empty()) {
    try {
      run = load_checkpoint_if_any(s.doc.path);
    } catch (const std::exception& e) {
      report_error(s, "The model's training run cannot be continued", e.what());
    }
  }
  if (run) s.training.trainer.set_checkpoint(std::move(*run));
  else s.training.trainer.set_model(clone_model(*s.doc.model));
  set_history(s.training, TrainingHistory::load(s.doc.model->training));
  s.training.report.reset();
  ++s.training.report_version;
}

void adopt_run_checkpoint(AppState& s, Checkpoint checkpoint, const std::string& path) {
  install_model(s, clone_model(checkpoint.model), true);
  s.doc.path = path;
  s.doc.dirty = false;
  s.training.trainer.set_checkpoint(std::move(checkpoint));
  set_history(s.training, TrainingHistory::load(s.doc.model->training));
  s.training.report.reset();
  ++s.training.report_version;
}

void save_training_run(AppState& s, const std::string& path) {
  // During a run, the state of the latest epoch end is what the evaluation (accuracy, mistakes,
  // confusion) shows, so the file has the accuracy the app shows; before the first epoch end,
  // and after a run stopped early, the run as it is now. Either continues bit for bit.
  if (auto epoch = s.training.trainer.epoch_checkpoint(); epoch && training_active(s)) {
    write_checkpoint_file(s, path, *epoch);
    s.doc.dirty = true;  // the run goes on past the saved state
    return;
  }
  TrainingTab& t = s.training.tab;
  t.saving_path = path;
  t.saving = s.training.trainer.request_checkpoint();
  poll_saving(s);  // no run: the checkpoint is there at once
}

void poll_training(AppState& s) {
  TrainingDoc& d = s.training;
  TrainingTab& t = d.tab;
  poll_data(s);
  poll_start(s);
  if (d.trainer.poll(d.progress) && follow_history(d.history, d.progress.history)) ++d.history_version;
  for (; t.epochs_reported < d.history.epochs.size(); ++t.epochs_reported)
    s.events.emit("epoch", epoch_event(d.history.epochs[t.epochs_reported]));
  if (auto report = d.trainer.evaluation(); report && report != d.report) {
    d.report = std::move(report);
    ++d.report_version;
  }
  const TrainingState state = d.trainer.state();
  if (is_active(state)) follow_weights(s);
  poll_steering(s);
  poll_saving(s);
  if (state != t.reported_state) state_changed(s, state);
}

}  // namespace nnfs::studio
