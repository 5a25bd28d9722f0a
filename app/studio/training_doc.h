// TrainingDoc: the studio's side of training — the BackgroundTrainer and what the UI thread has
// taken from it. Owned by the UI thread (AppState::training); the trainer hands data over through
// its own poll()/weights()/evaluation() calls, which never wait for training.
//
// Who fills what:
//   * history: the open model's learning record — loaded from the model file when a model opens
//     (TrainingHistory::load(model.training)), then followed from the trainer's progress while a
//     run is active and after it. The plots panel draws it.
//   * report: the latest evaluation of the open model on its test data — the trainer's after each
//     epoch, or an evaluation of an opened model on the loaded dataset. The mistakes gallery and
//     the confusion matrix show it.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "app/studio/training_tab.h"
#include "engine/train/background_trainer.h"
#include "engine/train/evaluation_report.h"
#include "engine/train/training_history.h"

namespace nnfs::studio {

// Which test images the mistakes gallery shows (-1: any class). The confusion matrix sets both
// when a cell is clicked.
struct MistakeFilter {
  int truth = -1;
  int predicted = -1;
};

// The controller's time, passed in so that it runs (and is tested) without a window.
struct TrainingClock {
  std::function<double()> now = [] {  // monotonic seconds: throttles the canvas's weights
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
  };
  std::function<double()> unix_time = [] {  // wall clock for events, so a test can time its clicks
    return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  };
};

struct TrainingDoc {
  BackgroundTrainer trainer;
  TrainingProgress progress;                        // polled from the trainer every frame
  TrainingHistory history;                          // see above
  std::uint64_t history_version = 0;                // bumped whenever `history` changes
  std::shared_ptr<const EvaluationReport> report;   // see above; null: none yet
  std::uint64_t report_version = 0;                 // bumped whenever `report` changes
  MistakeFilter filter;
  TrainingTab tab;                                  // the Training tab (training_controller.cpp)
  TrainingClock clock;
};

}  // namespace nnfs::studio
