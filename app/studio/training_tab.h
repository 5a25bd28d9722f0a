// TrainingTab: the Training tab's own state — the form, the data it trains on, where the tab is
// in starting, watching and ending a run (TrainingPhase), and what the controller
// (app/studio/training_controller.cpp) has already reported. Owned by the UI thread
// (AppState::training.tab).
#pragma once

#include <cstddef>
#include <cstdint>
#include <future>
#include <memory>
#include <string>

#include "app/studio/background_job.h"
#include "app/studio/steering.h"
#include "app/studio/training_form.h"
#include "engine/data/mnist.h"
#include "engine/model/model.h"
#include "engine/train/background_trainer.h"

namespace nnfs::studio {

// What happens when the run has ended (the answers of "Stop training and save?").
enum class AfterRun { Nothing, Quit, SaveAndQuit };

// Where the Training tab is. Questions are states too: the dialog is open while the phase says so.
//   Idle ──Start──► (AskingReplace ──Replace──►) WaitingForData ──data loaded──► Running
//   Running ──Quit──► AskingQuit ──Stop & …──► Stopping;  Running ──Stop──► Stopping
//   Running | AskingQuit | Stopping ──the trainer's run ended──► Idle
enum class TrainingPhase : std::uint8_t {
  Idle,            // no run of ours under way
  AskingReplace,   // "Replace the open model?" before a new model drops trained weights
  WaitingForData,  // Start was pressed; the run begins once its data is loaded
  Running,         // a run started here, running or paused, whose end is not handled yet
  AskingQuit,      // ... and "Stop training and save?" is open
  Stopping,        // ... and Stop was given; the trainer has not ended the run yet
};
// The phases in which a run started here has not been handled as ended.
inline bool in_run(TrainingPhase p) {
  return p == TrainingPhase::Running || p == TrainingPhase::AskingQuit || p == TrainingPhase::Stopping;
}
const char* to_string(TrainingPhase p);  // "idle", "asking_replace", ... (for tests and events)

// What Start was pressed as.
enum class StartKind { NewModel, ContinueModel };
struct TrainingTab {
  TrainingForm form;

  // The data of the last start: MNIST-style train and test splits (a CSV file: train only).
  std::shared_ptr<const MnistData> data;
  std::string data_key;                 // resolved directory or "csv:" + path
  BackgroundJob<MnistData> loading;
  std::string loading_key;

  TrainingPhase phase = TrainingPhase::Idle;
  StartKind start = StartKind::NewModel;  // what the last Start was pressed as
  AfterRun after_run = AfterRun::Nothing;
  std::uint64_t pause_at = 0;           // automation (--pause-at): the next run pauses at this step

  std::string preview_key;              // the network text and class count `preview` shows
  NetworkPreview preview;

  TrainingState reported_state = TrainingState::Idle;  // last training_state event
  std::size_t epochs_reported = 0;      // history epochs already sent as epoch events
  double weights_time = 0.0;            // when the canvas last took the trainer's weights (TrainingClock::now)

  SteerForm steer;                      // changes made while the run trains (steering.h)

  std::future<Checkpoint> saving;       // Save during a run: the checkpoint being taken
  std::string saving_path;
};

}  // namespace nnfs::studio
