// The studio's training controller: starts, pauses, resumes and stops the BackgroundTrainer from
// the Training tab's form, and every frame takes what the trainer published (never waiting):
// progress, history, the epoch's evaluation report and the latest weights for the canvas. It
// writes the `epoch` and `training_state` events and, when a run ends, makes the trained model
// the open document.
#pragma once

#include <string>

#include "app/studio/app_state.h"

namespace nnfs::studio {

bool training_active(const AppState& s);  // a run is under way (running or paused)
// Something the controller must look at again soon: a run (also one that has ended but whose end
// is not handled yet), a start waiting for its data, a save waiting for its checkpoint.
bool training_needs_frames(const AppState& s);
// A pause, resume or stop was given and the trainer has not yet acknowledged it.
bool awaiting_trainer(const AppState& s);

// Start pressed: "Continue training" trains the open model further; otherwise a new model from
// the form replaces it — after asking when the open model has unsaved or trained weights.
void request_start(AppState& s, bool continue_training);
void start_confirmed(AppState& s);        // "Replace" answered
// Starts a run prepared elsewhere ("Teach the model my digits", teach_flow.cpp) on the trainer's
// model, as the Training tab's run: the same controls, events, end and run-library record. Its
// description and checkpoint keys name the Training tab's data (job.info's own keys are kept).
// Throws nnfs::Error while a run is under way or no model is open.
void start_job(AppState& s, TrainingJob job);
void question_cancelled(AppState& s);     // "Replace?" or "Stop training and save?" cancelled
void ask_stop_before_quit(AppState& s);   // Quit during a run: "Stop training and save?"
void pause_training(AppState& s);
void resume_training(AppState& s);
void stop_training(AppState& s);
// Quit while training: stop, then save (or not) and quit once the run has ended.
void stop_training_then(AppState& s, AfterRun after);

// A model was opened or created: its history goes to the plots and the model to the trainer.
void adopt_model(AppState& s);
// Save during a run, or of a run that stopped before its end: writes a checkpoint (a model file
// that also holds the run, so reopening it and "Continue training" goes on bit for bit).
void save_training_run(AppState& s, const std::string& path);

// A run of the library to continue (runs_controller.cpp): its checkpoint, read from `path`,
// becomes the open model and the trainer's run; "Continue training" goes on with it.
void adopt_run_checkpoint(AppState& s, Checkpoint checkpoint, const std::string& path);

// Once per frame, before drawing.
void poll_training(AppState& s);
// The data the form asks for: "mnist" (the loaded --data folder, else data/mnist), "fashion",
// or "csv:" + file; the key compares resolved directories.
std::string training_data_key(const AppState& s);
// That data if it is loaded already (by a run, or as the dataset panel's folder), else null.
std::shared_ptr<const MnistData> loaded_training_data(const AppState& s);

}  // namespace nnfs::studio
