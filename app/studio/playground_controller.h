// The Playground tab's logic: builds the data and the model from the setup, drives the tab's
// BackgroundTrainer (Play, Pause, Step, Reset), and every frame takes what it published — never
// waiting — starting a boundary picture on a background job several times a second and writing
// the `playground` events. No ImGui: tests/app/studio/test_playground_controller.cpp drives it
// without a window.
#pragma once

#include <functional>
#include <string>

#include "app/studio/event_log.h"
#include "app/studio/playground_doc.h"

namespace nnfs::studio {

inline constexpr double kPictureInterval = 0.15;  // seconds between boundary pictures (while training)
inline constexpr double kEventInterval = 0.5;     // seconds between `playground` events

// The preset of `set` (--playground SET, the data set picker): settings, data, new weights.
void open_playground(PlaygroundDoc& doc, const std::string& set);
// The setup was edited: new data when its data settings changed, and a new model with the
// current seed. During a run the run is stopped first (the rebuild follows in the poll).
void apply_playground_setup(PlaygroundDoc& doc);
// Reset: the preset's settings again, with new weights (the next seed).
void reset_playground(PlaygroundDoc& doc);

void play_playground(PlaygroundDoc& doc);   // start, or resume a paused run
void pause_playground(PlaygroundDoc& doc);
void step_playground(PlaygroundDoc& doc);   // one batch, then paused (starts a paused run if needed)
bool playground_running(const PlaygroundDoc& doc);  // running, not paused
// Something to follow soon: a run, a picture being made, a rebuild waiting for a run to stop.
bool playground_needs_frames(const PlaygroundDoc& doc);

// Once per frame: progress, a pending rebuild, pictures, events. `wake` is called from the
// picture job's thread when it ends (wakes the UI loop).
void poll_playground(PlaygroundDoc& doc, EventLog& events, const std::function<void()>& wake);

// The latest epoch's numbers for the tab's header and the events.
struct PlaygroundNumbers {
  std::size_t epoch = 0;
  double loss = 0.0, accuracy = 0.0;
  double test_loss = 0.0, test_accuracy = 0.0;
};
PlaygroundNumbers playground_numbers(const PlaygroundDoc& doc);

}  // namespace nnfs::studio
