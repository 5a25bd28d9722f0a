// Steering a run while it trains (issue 14): the Training tab's "Change while training" row —
// learning rate, epochs, augmentation — sent to the BackgroundTrainer (steer), which applies it
// before its next batch. The values start from the run's settings (TrainingProgress::config) and
// follow each applied change. Events: run_change {epoch, step, batches, change} when the trainer
// applied one; a refused change is an error dialog.
#pragma once

#include <cstddef>
#include <cstdint>

#include "engine/train/run_change.h"

namespace nnfs::studio {

struct AppState;

// The row's values and what has been reported (TrainingTab::steer).
struct SteerForm {
  float lr = 0.0f;
  int epochs = 0;
  bool augment = false;
  bool synced = false;            // the values show the run's current settings
  std::size_t changes_seen = 0;   // progress.changes already reported
  std::uint64_t refused_seen = 0; // progress.changes_refused already reported
};

// The change the row asks for: only what differs from the run's settings (empty: nothing).
RunChange steer_change(const SteerForm& form, float lr, std::size_t epochs, bool augment);

void draw_steer_controls(AppState& s);  // in the Training tab, while a run is active
void poll_steering(AppState& s);        // once per frame, after the trainer was polled

}  // namespace nnfs::studio
