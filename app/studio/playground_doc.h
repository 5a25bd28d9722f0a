// PlaygroundDoc: the Playground tab's state (issue 18), owned by the UI thread (AppState::playground).
// The network trains in the tab's own BackgroundTrainer (the engine's, as every studio run); the
// boundary is computed on a BackgroundJob from the trainer's published weights, and the UI thread
// only uploads its pixels. Nothing here is shared with another thread except through those two.
#pragma once

#include <cstdint>
#include <future>
#include <memory>
#include <utility>
#include <string>
#include <vector>

#include "app/studio/background_job.h"
#include "app/studio/panels/playground_views.h"
#include "app/studio/playground_picture.h"
#include "app/studio/playground_setup.h"
#include "app/studio/training_doc.h"
#include "app/studio/widgets/gl_texture.h"
#include "app/studio/widgets/plot.h"
#include "engine/train/background_trainer.h"

namespace nnfs::studio {

// The epoch curves as the plots take them, appended to as the history grows.
struct PlaygroundCurves {
  std::uint64_t history_id = ~std::uint64_t{0};  // the history they were built from
  std::vector<float> epoch, loss, accuracy;       // accuracy in %
  std::vector<float> test_epoch, test_loss, test_accuracy;
};

struct PlaygroundDoc {
  PlaygroundSetup setup;                   // what the controls show (edited in place)
  PlaygroundSetup built;                   // what the trainer's model and the data were made from
  bool ready = false;                      // data and model exist (the tab was opened)
  std::shared_ptr<const Dataset> train, test;
  PlaneBounds bounds;                      // the plane shown (sine: x over [0, 1], y the targets')
  std::string error;                       // why the setup could not be built (shown in the tab)

  BackgroundTrainer trainer;
  TrainingProgress progress;               // polled every frame
  bool rebuild_pending = false;            // the setup changed during a run: rebuild once it stopped

  BackgroundJob<PlaygroundPicture> picturing;
  std::shared_ptr<Workspace> picture_ws = std::make_shared<Workspace>();  // the job's (one at a time)
  std::shared_ptr<const Model> pictured;   // the weights of the latest picture started
  PlaygroundPicture picture;               // the latest one finished, of this network
  std::shared_ptr<const Model> picture_weights;  // the weights `picture` shows
  std::uint64_t generation = 0;            // bumped by every rebuild (new network or data)
  bool upload = false;                     // picture.pixels not yet in the texture
  GlTexture texture;
  std::uint32_t background = 0xff202020u;  // the plane's colour under the regions (theme)

  double last_picture = -1e9, last_event = -1e9;  // clock.now() of the last picture start, event
  TrainingState event_state = TrainingState::Idle;  // what the last event showed
  std::uint64_t event_step = 0, event_history = ~std::uint64_t{0};
  PlaygroundCurves curves;
  PlotView loss_view, accuracy_view;
  PlaygroundDiagramState diagram;          // the network diagram (panels/playground_views.h)
  PlaygroundStepState step;                // one step in numbers; a click on the plane picks its sample
  OptimizerConfig optimizer;               // the built network's
  // What "One step in numbers" traces: the run as of a checkpoint (weights and optimizer state
  // from the same moment), asked for while the network is not running and the panel is open;
  // null before the first (then the published weights and a fresh optimizer).
  std::shared_ptr<const Checkpoint> step_run;
  std::future<Checkpoint> step_request;
  std::pair<std::uint64_t, std::size_t> step_run_key{~std::uint64_t{0}, 0};  // history id, steps
  bool step_view_open = false;             // the panel was shown last frame
  bool shown = false;                      // the tab was drawn last frame (the layout widens it)
  TrainingClock clock;
};

}  // namespace nnfs::studio
