#include "app/studio/runs_controller.h"

#include <algorithm>
#include <cmath>

#include "app/studio/actions.h"
#include "app/studio/training_controller.h"
#include "app/studio/window.h"
#include "engine/data/data_source.h"
#include "engine/runs/run_format.h"
#include "engine/runs/run_library.h"

namespace nnfs::studio {

namespace {

void rebuild_rows(RunsDoc& r) {
  r.rows = r.snapshot->runs;
  sort_runs(r.rows, r.sort_column, r.ascending);
  // A run that went away is no longer compared.
  const auto gone = [&](const std::string& id) {
    return std::none_of(r.rows.begin(), r.rows.end(), [&](const RunSummary& row) { return row.id == id; });
  };
  if (std::erase_if(r.ticked, gone) > 0) r.watcher->follow(r.ticked);
}

void emit_events(AppState& s) {
  RunsDoc& r = s.runs;
  const RunsSnapshot& snap = *r.snapshot;
  // How many runs, and how many in each state: sent when that changes.
  nlohmann::json states = nlohmann::json::object();
  for (const RunSummary& run : snap.runs) states[to_string(run.state)] = states.value(to_string(run.state), 0) + 1;
  if (std::string text = states.dump() + std::to_string(snap.runs.size()); text != r.listed_reported) {
    r.listed_reported = std::move(text);
    s.events.emit("runs_listed", {{"count", snap.runs.size()}, {"states", states}, {"dir", snap.dir}});
  }
  for (const auto& [id, run] : snap.followed) {
    const nlohmann::json e = {{"id", id}, {"name", run->summary.name}, {"batches", run->curves.history.batch_loss.size()},
                              {"epochs", run->curves.history.epochs.size()},
                              {"changes", run->curves.change_steps.size()}, {"state", to_string(run->summary.state)}};
    std::string& reported = r.curves_reported[id];
    if (std::string text = e.dump(); text != reported) {
      reported = std::move(text);
      s.events.emit("run_curves", e);
    }
  }
}

// The form trains on the resumed run's data: its checkpoint says which (the studio's and the
// CLI's keys: "train" for a CSV file, "data" for a folder).
void choose_run_data(AppState& s, const nlohmann::json& info) {
  TrainingForm& f = s.training.tab.form;
  const auto text = [&](const char* key) {
    const auto it = info.find(key);
    return it != info.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  if (const std::string csv = text("train"); !csv.empty()) {
    f.data = DataChoice::Csv;
    f.csv_path = csv;
    return;
  }
  const std::string dir = !text("data").empty() ? text("data") : text("dataset");
  if (!dir.empty() && resolve_data_dir(dir) == resolve_data_dir("fashion")) {
    f.data = DataChoice::Fashion;
    return;
  }
  f.data = DataChoice::Mnist;
  if (!dir.empty() && resolve_data_dir(dir) != training_data_key(s)) open_dataset_dir(s, dir);
}

// The reopened run and its checkpoint are here: the checkpoint becomes the open model and the
// trainer's run, and training continues it (recorded into the same run directory).
void poll_resume(AppState& s) {
  RunsDoc& r = s.runs;
  if (!r.resuming.finished()) return;
  std::optional<ResumedRun> resumed = r.resuming.take_result();
  if (!resumed) {
    report_error(s, "Cannot resume the run", r.resuming.error());
    return;
  }
  choose_run_data(s, resumed->checkpoint.info);
  r.resume_recorder = resumed->recorder;
  const std::string path = resumed->recorder->checkpoint_path();
  adopt_run_checkpoint(s, std::move(resumed->checkpoint), path);
  s.events.emit("run_resuming", {{"id", r.resume_recorder->id()}});
  request_start(s, true);
}

}  // namespace

void open_run_library(AppState& s, const std::string& dir) {
  const std::string library = dir.empty() ? RunLibrary::default_dir() : dir;
  s.runs.snapshot.reset();
  s.runs.ticked.clear();
  s.runs.watcher = std::make_unique<RunsWatcher>(library, [] { Window::wake(); });
}

void poll_runs(AppState& s) {
  RunsDoc& r = s.runs;
  poll_resume(s);
  if (!r.watcher) return;
  if (r.snapshot && r.watcher->version() == r.snapshot->version) return;
  r.snapshot = r.watcher->snapshot();
  rebuild_rows(r);
  if (r.snapshot->command_errors > r.errors_reported) {
    r.errors_reported = r.snapshot->command_errors;
    report_error(s, "Run library", r.snapshot->command_error);
  }
  emit_events(s);
}

void tick_run(AppState& s, const std::string& id, bool ticked) {
  RunsDoc& r = s.runs;
  const auto it = std::find(r.ticked.begin(), r.ticked.end(), id);
  if (ticked == (it != r.ticked.end())) return;
  if (ticked) r.ticked.push_back(id);
  else r.ticked.erase(it);
  r.watcher->follow(r.ticked);
  r.diffs_version = ~0ull;
  s.events.emit("runs_ticked", {{"ids", r.ticked}});
  if (!r.ticked.empty()) s.tabs.bottom = static_cast<int>(BottomTab::Plots);
}

void rename_run(AppState& s, const std::string& id, const std::string& name) {
  try {
    check_run_name(name);
  } catch (const std::exception& e) {
    report_error(s, "Cannot rename the run", e.what());
    return;
  }
  s.runs.watcher->rename(id, name);
}

void delete_run(AppState& s, const std::string& id) { s.runs.watcher->remove(id); }

void open_run_model(AppState& s, const RunSummary& run) {
  const bool done = run.state == RunState::Finished || run.state == RunState::Stopped;
  open_model_file(s, runs::join(run.dir, done ? runs::kModelFile : runs::kCheckpointFile));
}

void resume_run(AppState& s, const RunSummary& run) {
  RunsDoc& r = s.runs;
  if (training_active(s) || r.resuming.running()) {
    report_error(s, "Cannot resume the run", "Training is running — stop it first (Training tab)");
    return;
  }
  r.resuming.start([dir = r.watcher->dir(), id = run.id] {
    auto recorder = std::make_shared<RunRecorder>(RunRecorder::reopen(dir, id));
    Checkpoint checkpoint = load_checkpoint(recorder->checkpoint_path());
    recorder->on_resume(checkpoint.config, checkpoint.state);  // a new session of the run
    return ResumedRun{std::move(recorder), std::move(checkpoint)};
  }, [] { Window::wake(); });
}

std::shared_ptr<RunRecorder> recorder_for_launch(AppState& s, const TrainingJob& job, const std::string& network) {
  RunsDoc& r = s.runs;
  try {
    if (auto recorder = std::exchange(r.resume_recorder, nullptr)) return recorder;
    if (!r.watcher) return nullptr;
    // The settings the trainer will run with (BackgroundTrainer::start): an interrupted run's
    // own (its checkpoint, there at once: no run is active), else the form's, counting epochs on
    // after those the model has done.
    NewRun run;
    run.config = job.config;
    run.description = job.run;
    run.info = job.info;
    if (s.training.trainer.interrupted()) {
      const Checkpoint ck = s.training.trainer.request_checkpoint().get();
      run.config = ck.config;
      run.config.threads = job.config.threads;
      run.description = RunDescription::load(ck.info);
      run.info = ck.info;
    } else {
      run.config.epochs += s.training.history.epochs_done();
    }
    run.network = network;
    run.train_samples = job.train->count;
    return std::make_shared<RunRecorder>(RunRecorder::create(r.watcher->dir(), run));
  } catch (const std::exception& e) {
    if (!r.recorder_failed_reported) report_error(s, "This run is not recorded in the run library", e.what());
    r.recorder_failed_reported = true;
    return nullptr;
  }
}

}  // namespace nnfs::studio
