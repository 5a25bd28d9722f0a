#include "app/studio/playground_controller.h"

#include <algorithm>
#include <chrono>
#include <exception>

#include "engine/core/error.h"

namespace nnfs::studio {

namespace {

// The data's own settings: a change to any of them needs new data, not only a new model.
bool same_data(const PlaygroundSetup& a, const PlaygroundSetup& b) {
  return a.set == b.set && a.classes == b.classes && a.points == b.points && a.noise == b.noise;
}

// A classifier's plane: its points' bounds. Sine: x over the samples' range, y over the targets'
// with a margin, so the curve and the samples fit.
PlaneBounds bounds_for(const Dataset& train) {
  if (train.sample_shape != Shape{1}) return plane_bounds(train);
  const auto [x0, x1] = std::minmax_element(train.features.begin(), train.features.end());
  const auto [y0, y1] = std::minmax_element(train.targets.begin(), train.targets.end());
  const float mx = 0.05f * (*x1 - *x0) + 1e-3f, my = 0.15f * (*y1 - *y0) + 1e-3f;
  return {*x0 - mx, *x1 + mx, *y0 - my, *y1 + my};
}

// New data when needed, a new model on it, handed to the trainer (no run may be active).
void rebuild(PlaygroundDoc& doc) {
  try {
    if (!doc.ready || !same_data(doc.setup, doc.built) || !doc.train) {
      ToyData data = playground_data(doc.setup);
      doc.train = std::make_shared<const Dataset>(std::move(data.train));
      doc.test = std::make_shared<const Dataset>(std::move(data.test));
      doc.bounds = bounds_for(*doc.train);
    }
    // Refuses a bad learning rate or decay now, not at Play.
    doc.optimizer = playground_train_config(doc.setup, doc.train->count).optimizer;
    doc.trainer.set_model(playground_model(doc.setup, *doc.train));
    doc.built = doc.setup;
    doc.ready = true;
    doc.step.sample = std::min(doc.step.sample, doc.train->count - 1);
    doc.error.clear();
  } catch (const std::exception& e) {
    doc.error = e.what();
  }
  doc.rebuild_pending = false;
  doc.trainer.poll(doc.progress);
  ++doc.generation;        // a picture still being made shows the old network: dropped
  doc.step_run = nullptr;
  doc.step_request = {};
  doc.step_run_key = {~std::uint64_t{0}, 0};
  doc.picture = {};
  doc.picture_weights = doc.pictured = nullptr;  // picture the new weights at once
  doc.last_picture = -1e9;
}

TrainingJob playground_job(const PlaygroundDoc& doc) {
  TrainingJob job;
  job.train = doc.train;
  job.test = doc.test;
  job.config = playground_train_config(doc.built, doc.train->count);
  job.run = {doc.train->source, ""};  // the toy spec, as `nnfs train --data` records it
  // A full-batch step of a toy network takes well under a millisecond: the weights are published
  // at most as often as the boundary is drawn.
  job.weights_min_interval = kPictureInterval / 2;
  return job;
}

void start_run(PlaygroundDoc& doc, bool paused_after_one) {
  if (!doc.ready || !doc.error.empty() || doc.rebuild_pending) return;
  TrainingJob job = playground_job(doc);
  if (paused_after_one) job.pause_at = doc.progress.history.batch_loss.size() + 1;
  try {
    doc.trainer.start(std::move(job));
  } catch (const std::exception& e) {
    doc.error = e.what();
  }
}

// Several times a second while the weights change: the newest weights' picture on the job's
// thread (one job at a time; the model is immutable, shared, never copied).
void schedule_picture(PlaygroundDoc& doc, const std::function<void()>& wake) {
  if (doc.picturing.finished()) {
    if (auto picture = doc.picturing.take_result(); picture && picture->generation == doc.generation) {
      doc.picture = std::move(*picture);
      doc.picture_weights = doc.pictured;
      doc.upload = true;
    }
  }
  if (doc.picturing.running() || !doc.ready) return;
  std::shared_ptr<const Model> weights = doc.trainer.weights();
  const double now = doc.clock.now();
  if (!weights || weights == doc.pictured || now - doc.last_picture < kPictureInterval) return;
  doc.pictured = weights;
  doc.last_picture = now;
  const std::uint64_t step = doc.progress.global_step, generation = doc.generation;
  doc.picturing.start([weights, ws = doc.picture_ws, bounds = doc.bounds, bg = doc.background, step, generation] {
    PlaygroundPicture p = make_picture(*weights, bounds, kPlaygroundCells, bg, *ws);
    p.step = step;
    p.generation = generation;
    return p;
  }, wake);
}

// New epochs are appended; a replaced history (a new model) starts the curves again.
void update_curves(PlaygroundCurves& c, const TrainingProgress& progress) {
  const auto& epochs = progress.history.epochs;
  if (c.history_id != progress.history_id || c.epoch.size() > epochs.size()) {
    c = PlaygroundCurves{};
    c.history_id = progress.history_id;
  }
  for (std::size_t i = c.epoch.size(); i < epochs.size(); ++i) {
    const EpochResult& e = epochs[i];
    c.epoch.push_back(static_cast<float>(e.epoch));
    c.loss.push_back(static_cast<float>(e.train_loss));
    c.accuracy.push_back(static_cast<float>(100.0 * e.train_acc));
    if (!e.test_loss || !e.test_acc) continue;
    c.test_epoch.push_back(static_cast<float>(e.epoch));
    c.test_loss.push_back(static_cast<float>(*e.test_loss));
    c.test_accuracy.push_back(static_cast<float>(100.0 * *e.test_acc));
  }
}

// The step panel's run: a checkpoint taken whenever the network stands somewhere new while the
// panel is open (paused, stepped, stopped) — served by the trainer between batches, polled here
// without waiting. A network that never trained has none: the panel then uses a fresh optimizer.
void follow_step_run(PlaygroundDoc& doc) {
  if (doc.step_request.valid()) {
    if (doc.step_request.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return;
    try {
      doc.step_run = std::make_shared<const Checkpoint>(doc.step_request.get());
    } catch (const std::exception&) {
      doc.step_run = nullptr;
    }
    return;
  }
  const std::pair<std::uint64_t, std::size_t> key{doc.progress.history_id, doc.progress.history.batch_loss.size()};
  if (!doc.step_view_open || doc.progress.state == TrainingState::Running || key == doc.step_run_key) return;
  doc.step_run_key = key;
  try {
    doc.step_request = doc.trainer.request_checkpoint();
  } catch (const std::exception&) {
    doc.step_run = nullptr;  // no run yet
  }
}

// Twice a second while running, and once whenever a stopped or paused network is somewhere new
// (paused, stepped, finished, rebuilt).
void emit_event(PlaygroundDoc& doc, EventLog& events) {
  const double now = doc.clock.now();
  const TrainingState state = doc.progress.state;
  const bool running = state == TrainingState::Running;
  const bool moved = state != doc.event_state || doc.progress.global_step != doc.event_step ||
                     doc.progress.history_id != doc.event_history;
  if (running ? now - doc.last_event < kEventInterval : !moved) return;
  doc.last_event = now;
  doc.event_state = state;
  doc.event_step = doc.progress.global_step;
  doc.event_history = doc.progress.history_id;
  const PlaygroundNumbers n = playground_numbers(doc);
  events.emit("playground", {{"set", doc.built.set}, {"state", to_string(state)}, {"epoch", n.epoch},
                             {"loss", n.loss}, {"accuracy", n.accuracy}, {"test_loss", n.test_loss},
                             {"test_accuracy", n.test_accuracy}, {"hidden_layers", doc.built.hidden.size()},
                             {"step", doc.progress.global_step}});
}

}  // namespace

void open_playground(PlaygroundDoc& doc, const std::string& set) {
  const PlaygroundSetup seed_kept = doc.setup;
  doc.setup = setup_from_preset(playground_preset(set));
  if (doc.ready) doc.setup.seed = seed_kept.seed;
  apply_playground_setup(doc);
}

void apply_playground_setup(PlaygroundDoc& doc) {
  if (is_active(doc.trainer.state())) {
    doc.trainer.stop();  // acknowledged within a batch; the poll rebuilds then
    doc.rebuild_pending = true;
    return;
  }
  rebuild(doc);
}

void reset_playground(PlaygroundDoc& doc) {
  const std::uint64_t next_seed = doc.setup.seed + 1;
  doc.setup = setup_from_preset(playground_preset(doc.setup.set));
  doc.setup.seed = next_seed;
  apply_playground_setup(doc);
}

void play_playground(PlaygroundDoc& doc) {
  if (is_active(doc.trainer.state())) doc.trainer.resume();
  else start_run(doc, false);
}

void pause_playground(PlaygroundDoc& doc) { doc.trainer.pause(); }

void step_playground(PlaygroundDoc& doc) {
  if (!doc.trainer.step()) start_run(doc, true);
}

bool playground_running(const PlaygroundDoc& doc) {
  return doc.trainer.state() == TrainingState::Running && !doc.trainer.pause_requested();
}

bool playground_needs_frames(const PlaygroundDoc& doc) {
  return is_active(doc.trainer.state()) || doc.picturing.running() || doc.rebuild_pending || doc.upload;
}

PlaygroundNumbers playground_numbers(const PlaygroundDoc& doc) {
  PlaygroundNumbers n;
  const auto& epochs = doc.progress.history.epochs;
  if (epochs.empty()) return n;
  const EpochResult& r = epochs.back();
  n.epoch = r.epoch;
  n.loss = r.train_loss;
  n.accuracy = r.train_acc;
  n.test_loss = r.test_loss.value_or(0.0);
  n.test_accuracy = r.test_acc.value_or(0.0);
  return n;
}

void poll_playground(PlaygroundDoc& doc, EventLog& events, const std::function<void()>& wake) {
  doc.trainer.poll(doc.progress);
  if (doc.rebuild_pending && !is_active(doc.trainer.state())) rebuild(doc);
  update_curves(doc.curves, doc.progress);
  follow_step_run(doc);
  schedule_picture(doc, wake);
  if (events.enabled()) emit_event(doc, events);
}

}  // namespace nnfs::studio
