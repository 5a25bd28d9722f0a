// BackgroundTrainer, the training thread's side: run_training with hooks that publish progress,
// obey pause/stop/checkpoint commands between batches, and keep the last good weights.
// (The owner's side is in background_trainer.cpp.)
#include <algorithm>
#include <cmath>
#include <exception>
#include <utility>

#include "engine/core/error.h"
#include "engine/train/background_trainer.h"
#include "engine/train/background_trainer_run.h"
#include "engine/runs/run_recorder.h"

namespace nnfs {

namespace {

// The weights and the non-trainable buffers (BatchNorm's running statistics), back to back:
// everything a forward pass depends on.
void save_weights(const Sequential& net, std::vector<float>& out) {
  const auto w = net.params().values(), b = net.buffers().values();
  out.assign(w.begin(), w.end());
  out.insert(out.end(), b.begin(), b.end());
}

void restore_weights(Sequential& net, const std::vector<float>& saved) {
  const auto w = net.params().values(), b = net.buffers().values();
  const auto split = saved.begin() + static_cast<std::ptrdiff_t>(w.size());
  std::copy(saved.begin(), split, w.begin());
  std::copy(split, saved.end(), b.begin());
}

}  // namespace

void BackgroundTrainer::worker_main(TrainingJob job, TrainState resume) {
  Run run;
  run.job = std::move(job);
  run.begin = run.last_weights = Run::Clock::now();
  run.first_epoch = run.epoch = resume.epoch;
  run.steps_before = resume.history.batch_loss.size();
  run.has_test = run.job.test != nullptr || run.job.config.validation_split > 0.0;

  run.recorder = run.job.recorder.get();
  TrainCallbacks callbacks;
  callbacks.between_batches = [&](const BatchProgress& next, const CaptureState& capture) {
    run.next = next;
    between_batches(run, capture);
  };
  callbacks.take_change = [&] { return take_change(run); };
  callbacks.on_change = [&](const RunChange& change, const BatchProgress& at) { change_applied(run, change, at); };
  callbacks.on_batch = [&](const BatchProgress& p) { after_batch(run, p); };
  callbacks.evaluator = [&](Model& model, const Dataset& data) { return evaluate_epoch(run, model, data); };
  callbacks.on_epoch = [&](const EpochResult& r) { after_epoch(run, r); };
  callbacks.on_checkpoint = [&](const TrainState& state) { at_epoch_end(run, state); };

  TrainingState final_state = TrainingState::Finished;
  std::string message;
  try {
    if (run.recorder) record_start(run, resume);
    TrainResult result = run_training(*model_, *run.job.train, run.job.test.get(), run.job.config, callbacks,
                                      &run.stop_now, &resume, &run.job.extra);
    run.end_state = std::move(result.state);
    run_config_ = result.config;  // with the changes made during the run: a continued run keeps them
    if (result.stopped) {
      final_state = TrainingState::Stopped;
      message = "stopped at epoch " + std::to_string(run.end_state.epoch) + ", batch " +
                std::to_string(run.end_state.step);
      if (run.steps) message += " of " + std::to_string(run.steps);
    } else {
      message = "finished " + std::to_string(run.job.config.epochs + 1 - run.first_epoch) + " epochs";
    }
  } catch (const std::exception& e) {
    final_state = TrainingState::Failed;
    message = e.what();
    // Put back weights known to give a finite loss: the current batch's starting weights failed
    // (the throw comes from its loss check), the previous batch's passed. Outside a batch (the
    // end-of-epoch evaluation) the last batch's starting weights passed.
    if (run.in_batch && run.has_last_good) {
      restore_weights(model_->net, run.last_good);
      message += "; kept the weights from before the failing step";
    } else if (!run.in_batch && run.has_pending) {
      restore_weights(model_->net, run.pending);
      message += "; kept the weights from before the failing step";
    }
  }
  record_end(run, final_state, message);
  finish(run, final_state, message);
}

// Before every batch. Order matters: the weights copy first (it must see the weights the batch
// will start from), then checkpoint requests, then pause (which may serve more requests), and the
// stop decision last, since run_training reads stop_now right after this returns.
void BackgroundTrainer::between_batches(Run& run, const CaptureState& capture) {
  // Reaching this point means the previous batch's loss was finite: its starting weights are good.
  if (run.has_pending) {
    std::swap(run.last_good, run.pending);
    run.has_last_good = true;
  }
  save_weights(model_->net, run.pending);
  run.has_pending = true;
  run.in_batch = true;

  if (run.global_step > 0 && run.global_step % run.job.weights_every == 0 &&
      Run::seconds_since(run.last_weights) >= run.job.weights_min_interval) {
    publish_weights();
    run.last_weights = Run::Clock::now();
  }
  if (run.job.pause_at != 0 && run.steps_before + run.global_step == run.job.pause_at) pause();
  if (checkpoint_requested_.load(std::memory_order_acquire)) serve_checkpoint_requests(run, capture);
  if (pause_requested_.load(std::memory_order_seq_cst) && !stop_requested_.load()) wait_while_paused(run, capture);
  if (stop_requested_.load(std::memory_order_seq_cst)) run.stop_now.store(true, std::memory_order_relaxed);
}

void BackgroundTrainer::wait_while_paused(Run& run, const CaptureState& capture) {
  {
    // A step given while running: its batch runs now, and the pause comes after it (no Paused
    // state in between, which a watcher could take for the pause the step asked for).
    std::lock_guard<std::mutex> lock(mutex_);
    if (step_requested_.exchange(false)) return;
  }
  const auto start = Run::Clock::now();
  // The weights a pause (or a step) stops at, whatever the throttle: what the UI shows while
  // paused is the network that is paused.
  publish_weights();
  run.last_weights = start;
  std::unique_lock<std::mutex> lock(mutex_);
  state_.store(TrainingState::Paused, std::memory_order_release);
  progress_.state = TrainingState::Paused;
  bump_version();
  if (run.recorder) {
    lock.unlock();
    run.recorder->set_state(RunState::Paused);
    lock.lock();
  }
  while (pause_requested_.load() && !stop_requested_.load() && !step_requested_.load()) {
    if (!requests_.empty()) {  // save while paused
      lock.unlock();
      serve_checkpoint_requests(run, capture);
      lock.lock();
      continue;
    }
    wake_.wait(lock);
  }
  step_requested_.store(false);  // a step's pass is used up by this one batch
  state_.store(TrainingState::Running, std::memory_order_release);
  progress_.state = TrainingState::Running;
  bump_version();
  lock.unlock();
  if (run.recorder) run.recorder->set_state(RunState::Running);
  run.paused += Run::seconds_since(start);
}

void BackgroundTrainer::after_batch(Run& run, const BatchProgress& p) {
  run.in_batch = false;
  run.epoch = p.epoch;
  run.step = p.step;
  run.steps = p.steps_per_epoch;
  ++run.global_step;
  run.epoch_loss_sum += p.loss;
  ++run.epoch_batches;
  if (run.recorder) run.recorder->on_batch(p);

  // Time: elapsed excludes pauses; throughput also excludes evaluations. ETA = batches left ×
  // mean batch time + evaluations left × mean evaluation time.
  const TrainConfig& c = run.job.config;
  const double elapsed = Run::seconds_since(run.begin) - run.paused;
  const double training = std::max(1e-9, elapsed - run.evaluating);
  const double per_step = training / static_cast<double>(run.global_step);
  const std::size_t steps_left = (c.epochs - p.epoch) * p.steps_per_epoch + (p.steps_per_epoch - p.step);
  const std::size_t evals_left = run.has_test ? c.epochs + 1 - run.first_epoch - run.evaluations : 0;
  const double per_eval = run.evaluations ? run.evaluating / static_cast<double>(run.evaluations) : 0.0;

  std::lock_guard<std::mutex> lock(mutex_);
  progress_.epoch = p.epoch;
  progress_.step = p.step;
  progress_.steps_per_epoch = p.steps_per_epoch;
  progress_.global_step = run.global_step;
  progress_.batch_loss = p.loss;
  progress_.epoch_loss = run.epoch_loss_sum / static_cast<double>(run.epoch_batches);
  progress_.elapsed_seconds = elapsed;
  progress_.samples_per_second = static_cast<double>(run.global_step * c.batch) / training;
  progress_.eta_seconds = static_cast<double>(steps_left) * per_step + static_cast<double>(evals_left) * per_eval;
  progress_.history.add_batch(static_cast<float>(p.loss));
  bump_version();
}

Evaluation BackgroundTrainer::evaluate_epoch(Run& run, Model& model, const Dataset& data) {
  const auto start = Run::Clock::now();
  auto report = std::make_shared<EvaluationReport>(evaluate_report(model, data));
  report->epoch = run.epoch;
  run.evaluating += Run::seconds_since(start);
  ++run.evaluations;
  if (data.labelled() && data.count > 0 && !std::isfinite(report->summary.loss))
    throw Error("training diverged: the test loss is " + std::to_string(report->summary.loss) +
                " after epoch " + std::to_string(report->epoch) + " (try a smaller learning rate)");
  Evaluation summary = report->summary;
  run.report = std::move(report);
  return summary;
}

// After each epoch's evaluation: the epoch's record joins the published history (its time
// without the pauses: run_training timed the epoch from its first batch).
void BackgroundTrainer::after_epoch(Run& run, EpochResult r) {
  const double paused = run.paused - run.paused_at_epoch_start;
  run.paused_at_epoch_start = run.paused;
  if (paused > 0.0 && r.seconds > paused) {
    r.samples_per_second *= r.seconds / (r.seconds - paused);
    r.seconds -= paused;
  }
  run.epoch_loss_sum = 0.0;
  run.epoch_batches = 0;
  run.epoch_result = r;
  if (run.recorder) run.recorder->on_epoch(r);
}

// Right after after_epoch: the epoch's record, its evaluation and the checkpoint of the run as of
// this epoch end are published together, so the UI never sees one without the others.
void BackgroundTrainer::at_epoch_end(Run& run, const TrainState& state) {
  auto checkpoint = std::make_shared<const Checkpoint>(make_checkpoint(state, run.record(*model_, state.history)));
  if (run.recorder) run.recorder->save_checkpoint(*checkpoint);  // the rolling checkpoint
  std::lock_guard<std::mutex> lock(mutex_);
  progress_.history.add_epoch(run.epoch_result);
  progress_.epoch = run.epoch_result.epoch;
  if (run.report) evaluation_ = std::move(run.report);
  epoch_checkpoint_ = std::move(checkpoint);
  bump_version();
}

void BackgroundTrainer::serve_checkpoint_requests(const Run& run, const CaptureState& capture) {
  std::vector<std::promise<Checkpoint>> requests;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    requests.swap(requests_);
    checkpoint_requested_.store(false);
  }
  if (requests.empty()) return;
  const TrainState state = capture();
  const nlohmann::json record = run.record(*model_, state.history);
  for (auto& request : requests) request.set_value(make_checkpoint(state, record));
}

// Before the next batch: the change steer() left, if the run can take it. run_training would
// throw for one it cannot (fewer epochs than are done or under way), so that one is refused here
// with the same check and the run goes on.
std::optional<RunChange> BackgroundTrainer::take_change(Run& run) {
  if (!change_pending_.load(std::memory_order_acquire)) return std::nullopt;
  std::optional<RunChange> change;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    change = std::exchange(pending_change_, std::nullopt);
    change_pending_.store(false, std::memory_order_release);
  }
  if (!change || change->empty()) return std::nullopt;
  TrainConfig check = run.job.config;
  try {
    apply_change(check, *change, run.next.step == 0 ? run.next.epoch - 1 : run.next.epoch);
  } catch (const std::exception& e) {
    std::lock_guard<std::mutex> lock(mutex_);
    progress_.change_error = e.what();
    ++progress_.changes_refused;
    bump_version();
    return std::nullopt;
  }
  return change;
}

// run_training applied the change to its own config; the run's copy (ETA, checkpoints) follows.
void BackgroundTrainer::change_applied(Run& run, const RunChange& change, const BatchProgress& at) {
  apply_change(run.job.config, change, at.step == 0 ? at.epoch - 1 : at.epoch);
  run_config_ = run.job.config;
  if (run.recorder) run.recorder->on_change(change, at);
  std::lock_guard<std::mutex> lock(mutex_);
  progress_.changes.push_back({change, at.epoch, at.step, progress_.history.batch_loss.size()});
  progress_.last_epoch = run.job.config.epochs;
  progress_.config = run.job.config;
  bump_version();
}

// The library's run gets a checkpoint of where it starts, so it can be resumed from the first
// moment (a fresh optimizer's state names its type, as every later checkpoint's does).
void BackgroundTrainer::record_start(Run& run, const TrainState& resume) {
  TrainState at = resume;
  if (at.optimizer.empty()) at.optimizer = OptimizerState::capture(*make_optimizer(run.job.config.optimizer));
  run.recorder->save_checkpoint(make_checkpoint(at, run.record(*model_, at.history)));
}

// The library's record of the run's end: where a stopped run stopped (to resume from), the
// model, and the state. A failure to write is added to the run's message, not thrown.
void BackgroundTrainer::record_end(Run& run, TrainingState state, std::string& message) {
  if (!run.recorder) return;
  try {
    if (state == TrainingState::Stopped)
      run.recorder->save_checkpoint(make_checkpoint(run.end_state, run.record(*model_, run.end_state.history)));
    if (state != TrainingState::Failed) {
      model_->training = run.record(*model_, run.end_state.history);
      run.recorder->save_model(*model_);
    }
    run.recorder->set_state(state == TrainingState::Finished  ? RunState::Finished
                            : state == TrainingState::Stopped ? RunState::Stopped
                                                              : RunState::Failed,
                            state == TrainingState::Failed ? message : std::string());
  } catch (const std::exception& e) {
    message += std::string("; the run library could not record it: ") + e.what();
  }
}

void BackgroundTrainer::publish_weights() {
  auto fresh = std::make_shared<const Model>(clone_model(*model_, false));
  std::shared_ptr<const Model> old;  // released after the lock: freeing is not a copy
  std::lock_guard<std::mutex> lock(mutex_);
  old = std::exchange(weights_, std::move(fresh));
}

Checkpoint BackgroundTrainer::make_checkpoint(const TrainState& state, nlohmann::json record) const {
  Checkpoint ck;
  ck.model = clone_model(*model_, false);
  ck.model.training = std::move(record);
  ck.config = run_config_;
  ck.state = state;
  ck.info = run_info_;
  return ck;
}

// The run is over: record it in the model, publish the final weights, answer the checkpoint
// requests still waiting, and only then hand the model and the run back to the owner
// (active_ = false). A failed run leaves no state to continue: the next start begins afresh.
void BackgroundTrainer::finish(Run& run, TrainingState state, const std::string& message) {
  const bool failed = state == TrainingState::Failed;
  const TrainingHistory& history = failed ? progress_.history : run.end_state.history;
  model_->training = run.record(*model_, history);
  publish_weights();
  for (;;) {
    std::unique_lock<std::mutex> lock(mutex_);
    if (requests_.empty()) {
      active_ = false;
      has_run_ = !failed;
      if (!failed) run_state_ = std::move(run.end_state);
      checkpoint_requested_.store(false);
      progress_.state = state;
      progress_.message = message;
      state_.store(state, std::memory_order_release);
      bump_version();
      return;
    }
    std::vector<std::promise<Checkpoint>> requests;
    requests.swap(requests_);
    lock.unlock();
    for (auto& request : requests) {
      if (failed) request.set_exception(std::make_exception_ptr(Error("no checkpoint: the run failed (" + message + ")")));
      else request.set_value(make_checkpoint(run.end_state, model_->training));
    }
  }
}

}  // namespace nnfs
