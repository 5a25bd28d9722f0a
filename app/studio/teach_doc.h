// TeachState: the studio's side of "Teach the model my digits" (teach_flow.h) — where the flow is,
// the background jobs that score the model before and after, and the last run's record for the
// result panel and Undo. Owned by the UI thread (AppState::teach).
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "app/studio/background_job.h"
#include "app/studio/teach_plan.h"
#include "app/studio/teach_session.h"
#include "engine/data/mnist.h"
#include "engine/train/background_trainer.h"

namespace nnfs::studio {

//   Idle ──Teach──► Preparing (reading My digits, scoring the model before) ──► Training (the
//   BackgroundTrainer's run, Training tab's controls) ──run ended──► Scoring (the taught model)
//   ──► Idle, with the session Done (before → after, Undo)
enum class TeachStep { Idle, Preparing, Training, Scoring };
const char* to_string(TeachStep step);  // "idle", "preparing", "training", "scoring"

struct TeachState {
  TeachSession session;                       // the last run: model and scores before, scores after
  std::size_t held_out = 0, test_images = 0;  // the sizes the scores were measured on
  std::string digits_dir;                     // the My digits store (set at launch)

  TeachStep step = TeachStep::Idle;
  BackgroundJob<TeachPlan> preparing;
  BackgroundJob<TeachScore> scoring;
  std::shared_ptr<const Model> model;         // the open model when Teach was pressed
  std::shared_ptr<const MnistData> data;      // what the run trains on and is tested on
  std::shared_ptr<const Dataset> held;        // the held-out digits, scored again after the run
  std::size_t taught_digits = 0;              // digits mixed into the batches
  TrainingState ended = TrainingState::Idle;  // how the run ended (finished, stopped, failed)
};

}  // namespace nnfs::studio
