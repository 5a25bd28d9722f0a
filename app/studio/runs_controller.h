// The Runs tab's controller: opens the run library (--runs-dir, NNFS_RUNS_DIR or the default), takes
// the watcher's snapshots each frame (never waiting), ticks runs for comparison, and carries out
// the tab's actions — rename, delete, open a run's model, resume an interrupted run into its own
// directory. It also gives each training run started in the studio its recorder, so studio runs
// are in the library like `nnfs train`'s. Events: runs_listed {count, states: {state: count},
// dir} when those change, run_curves {id, name, batches, epochs, changes, state} when a ticked run grows or changes state.
#pragma once

#include <memory>
#include <string>

#include "app/studio/app_state.h"
#include "engine/runs/run_recorder.h"

namespace nnfs::studio {

void open_run_library(AppState& s, const std::string& dir);  // empty: RunLibrary::default_dir()
void poll_runs(AppState& s);                                 // once per frame, before drawing

void tick_run(AppState& s, const std::string& id, bool ticked);
void rename_run(AppState& s, const std::string& id, const std::string& name);
void delete_run(AppState& s, const std::string& id);
void open_run_model(AppState& s, const RunSummary& run);  // its model, or its checkpoint before one
void resume_run(AppState& s, const RunSummary& run);      // an interrupted or stopped run

// The recorder for a run about to start (training_controller.cpp's launch): the resumed run's,
// or a new run in the library; null (reported once) when the library cannot record it.
std::shared_ptr<RunRecorder> recorder_for_launch(AppState& s, const TrainingJob& job, const std::string& network);

}  // namespace nnfs::studio
