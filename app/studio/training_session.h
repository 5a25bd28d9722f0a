// TrainingSession: the Training tab's own state — the form, the data it trains on, questions
// waiting for an answer, and what the controller (app/studio/training.cpp) has already reported.
// Owned by the UI thread (AppState::training.session).
#pragma once

#include <cstddef>
#include <future>
#include <memory>
#include <string>

#include "app/studio/background_job.h"
#include "app/studio/training_form.h"
#include "engine/data/mnist.h"
#include "engine/model/model.h"
#include "engine/train/background_trainer.h"
#include "engine/train/training_snapshot.h"

namespace nnfs::studio {

// What happens when the run has ended (the answers of "Stop training and save?").
enum class AfterRun { Nothing, Quit, SaveAndQuit };

struct TrainingSession {
  TrainingForm form;

  // The data of the last start: MNIST-style train and test splits (a CSV file: train only).
  std::shared_ptr<const MnistData> data;
  std::string data_key;                 // resolved directory or "csv:" + path
  BackgroundJob<MnistData> loading;
  std::string loading_key;

  bool start_pending = false;           // Start was pressed; begins once the data is loaded
  bool start_continue = false;          // ... as "Continue training" on the open model
  bool ask_replace = false;             // "Replace the open model?" before a new model
  bool ask_quit = false;                // "Stop training and save?"
  AfterRun after_run = AfterRun::Nothing;
  bool in_run = false;                  // started a run whose end is not handled yet
  bool stop_given = false;              // Stop pressed, the run has not ended yet

  std::string preview_key;              // the network text and class count `preview` shows
  NetworkPreview preview;

  TrainingState reported_state = TrainingState::Idle;  // last training_state event
  std::size_t epochs_reported = 0;      // history epochs already sent as epoch events
  double weights_time = 0.0;            // when the canvas last took the trainer's weights (glfwGetTime)

  std::future<TrainingSnapshot> saving; // Save during a run: the snapshot being taken
  std::string saving_path;
};

}  // namespace nnfs::studio
