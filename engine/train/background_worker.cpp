// BackgroundTrainer, the training thread's side: run_training with hooks that publish progress,
// obey pause/stop/snapshot commands between batches, and keep the last good weights.
// (The owner's side is in background_trainer.cpp.)
#include <algorithm>
#include <cmath>
#include <exception>
#include <utility>

#include "engine/core/error.h"
#include "engine/train/background_trainer.h"
#include "engine/train/background_trainer_run.h"

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

void BackgroundTrainer::worker_main(TrainingJob job) {
  Run run;
  run.job = std::move(job);
  run.begin = run.last_weights = Run::Clock::now();
  run.epoch_offset = progress_.history.epochs_done();  // the owner set it before starting us
  run.has_test = run.job.test != nullptr || run.job.config.validation_split > 0.0;

  TrainCallbacks callbacks;
  callbacks.between_batches = [&](const BatchProgress&, Optimizer& optimizer) { between_batches(run, optimizer); };
  callbacks.on_batch = [&](const BatchProgress& p) { after_batch(run, p); };
  callbacks.evaluator = [&](Model& model, const Dataset& data) { return evaluate_epoch(run, model, data); };
  callbacks.on_epoch = [&](const EpochResult& r) { after_epoch(run, r); };

  TrainingState final_state = TrainingState::Finished;
  std::string message;
  try {
    const TrainResult result =
        run_training(*model_, *run.job.train, run.job.test.get(), run.job.config, callbacks, &run.stop_now);
    if (result.stopped) {
      final_state = TrainingState::Stopped;
      const bool at_boundary = run.step == run.steps;  // before an epoch's first batch
      message = "stopped at epoch " + std::to_string(run.epoch_offset + run.epoch + at_boundary);
      if (run.steps) message += ", batch " + std::to_string(at_boundary ? 0 : run.step) + " of " + std::to_string(run.steps);
    } else {
      message = "finished " + std::to_string(run.job.config.epochs) + " epochs";
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
    if (run.global_step > 0) optimizer_state_ = {};  // its moments led here: start afresh
  }
  run.optimizer = nullptr;  // run_training's optimizer is gone
  finish(run, final_state, message);
}

// Before every batch. Order matters: the weights copy first (it must see the weights the batch
// will start from), then snapshot requests, then pause (which may serve more requests), and the
// stop decision last, since run_training reads stop_now right after this returns.
void BackgroundTrainer::between_batches(Run& run, Optimizer& optimizer) {
  if (!run.optimizer) {
    run.optimizer = &optimizer;
    // Continue training: the previous run's momenta and step count, if they fit.
    if (!optimizer_state_.empty() && optimizer_state_.fits(optimizer, model_->net.param_count()))
      optimizer_state_.restore(optimizer, model_->net.param_count());
  }
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
  if (snapshot_requested_.load(std::memory_order_acquire)) serve_snapshot_requests(run);
  if (pause_requested_.load(std::memory_order_seq_cst) && !stop_requested_.load()) wait_while_paused(run);
  if (stop_requested_.load(std::memory_order_seq_cst)) {
    optimizer_state_ = OptimizerState::capture(optimizer);  // the last call: keep it for continuing
    run.stop_now.store(true, std::memory_order_relaxed);
  }
}

void BackgroundTrainer::wait_while_paused(Run& run) {
  const auto start = Run::Clock::now();
  std::unique_lock<std::mutex> lock(mutex_);
  state_.store(TrainingState::Paused, std::memory_order_release);
  progress_.state = TrainingState::Paused;
  bump_version();
  while (pause_requested_.load() && !stop_requested_.load()) {
    if (!requests_.empty()) {  // save while paused
      lock.unlock();
      serve_snapshot_requests(run);
      lock.lock();
      continue;
    }
    wake_.wait(lock);
  }
  state_.store(TrainingState::Running, std::memory_order_release);
  progress_.state = TrainingState::Running;
  bump_version();
  lock.unlock();
  run.paused += Run::seconds_since(start);
}

void BackgroundTrainer::after_batch(Run& run, const BatchProgress& p) {
  run.in_batch = false;
  run.epoch = p.epoch;
  run.step = p.step;
  run.steps = p.steps_per_epoch;
  ++run.global_step;
  run.epoch_loss_sum += p.loss;

  // Time: elapsed excludes pauses; throughput also excludes evaluations. ETA = batches left ×
  // mean batch time + evaluations left × mean evaluation time.
  const TrainConfig& c = run.job.config;
  const double elapsed = Run::seconds_since(run.begin) - run.paused;
  const double training = std::max(1e-9, elapsed - run.evaluating);
  const double per_step = training / static_cast<double>(run.global_step);
  const std::size_t steps_left = (c.epochs - p.epoch) * p.steps_per_epoch + (p.steps_per_epoch - p.step);
  const std::size_t evals_left = run.has_test ? c.epochs - run.evaluations : 0;
  const double per_eval = run.evaluations ? run.evaluating / static_cast<double>(run.evaluations) : 0.0;

  std::lock_guard<std::mutex> lock(mutex_);
  progress_.epoch = run.epoch_offset + p.epoch;
  progress_.step = p.step;
  progress_.steps_per_epoch = p.steps_per_epoch;
  progress_.global_step = run.global_step;
  progress_.batch_loss = p.loss;
  progress_.epoch_loss = run.epoch_loss_sum / static_cast<double>(p.step);
  progress_.elapsed_seconds = elapsed;
  progress_.samples_per_second = static_cast<double>(run.global_step * c.batch) / training;
  progress_.eta_seconds = static_cast<double>(steps_left) * per_step + static_cast<double>(evals_left) * per_eval;
  progress_.history.add_batch(static_cast<float>(p.loss));
  bump_version();
}

Evaluation BackgroundTrainer::evaluate_epoch(Run& run, Model& model, const Dataset& data) {
  const auto start = Run::Clock::now();
  auto report = std::make_shared<EvaluationReport>(evaluate_report(model, data));
  report->epoch = run.epoch_offset + run.epoch;
  run.evaluating += Run::seconds_since(start);
  ++run.evaluations;
  if (data.labelled() && data.count > 0 && !std::isfinite(report->summary.loss))
    throw Error("training diverged: the test loss is " + std::to_string(report->summary.loss) +
                " after epoch " + std::to_string(report->epoch) + " (try a smaller learning rate)");
  Evaluation summary = report->summary;
  run.report = std::move(report);
  return summary;
}

// After each epoch's evaluation: the epoch's record, its evaluation and a snapshot of the run as
// of this epoch end are published together, so the UI never sees one without the others.
void BackgroundTrainer::after_epoch(Run& run, EpochResult r) {
  r.epoch += run.epoch_offset;
  // run_training timed the epoch from its first batch, pauses included: take them out.
  const double paused = run.paused - run.paused_at_epoch_start;
  run.paused_at_epoch_start = run.paused;
  if (paused > 0.0 && r.seconds > paused) {
    r.samples_per_second *= r.seconds / (r.seconds - paused);
    r.seconds -= paused;
  }
  run.epoch_loss_sum = 0.0;

  TrainingHistory history = progress_.history;  // we are its only writer: no lock to read it
  history.add_epoch(r);
  auto snapshot = std::make_shared<TrainingSnapshot>(make_snapshot(&run, history));
  snapshot->step = 0;
  optimizer_state_ = snapshot->optimizer;  // what a later run continues from, if this is the last epoch

  std::lock_guard<std::mutex> lock(mutex_);
  progress_.history.add_epoch(r);
  progress_.epoch = r.epoch;
  if (run.report) evaluation_ = std::move(run.report);
  epoch_snapshot_ = std::move(snapshot);
  bump_version();
}

void BackgroundTrainer::serve_snapshot_requests(Run& run) {
  std::vector<std::promise<TrainingSnapshot>> requests;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    requests.swap(requests_);
    snapshot_requested_.store(false);
  }
  for (auto& request : requests) request.set_value(make_snapshot(&run, progress_.history));
}

void BackgroundTrainer::publish_weights() {
  auto fresh = std::make_shared<const Model>(clone_model(*model_, false));
  std::shared_ptr<const Model> old;  // released after the lock: freeing is not a copy
  std::lock_guard<std::mutex> lock(mutex_);
  old = std::exchange(weights_, std::move(fresh));
}

TrainingSnapshot BackgroundTrainer::make_snapshot(Run* run, const TrainingHistory& history) const {
  TrainingSnapshot s;
  s.model = clone_model(*model_);
  s.history = history;
  s.epochs_done = history.epochs_done();
  if (run) {
    s.model.training = training_record(*run, history);
    s.optimizer = run->optimizer ? OptimizerState::capture(*run->optimizer) : optimizer_state_;
    s.step = run->step == run->steps ? 0 : run->step;
    s.global_step = run->global_step;
  } else {
    s.optimizer = optimizer_state_;
  }
  return s;
}

// The model's training record: what it had, the job's keys, the config, and the history.
nlohmann::json BackgroundTrainer::training_record(const Run& run, const TrainingHistory& history) const {
  nlohmann::json t = model_->training.is_object() ? model_->training : nlohmann::json::object();
  if (run.job.record.is_object())
    for (const auto& [key, value] : run.job.record.items()) t[key] = value;
  t["config"] = run.job.config.to_json();
  t["epochs"] = history.epochs_done();
  t["train_samples"] = run.job.train->count;
  history.store(t);
  if (!history.epochs.empty() && history.epochs.back().test_acc) t["test_accuracy"] = *history.epochs.back().test_acc;
  else t.erase("test_accuracy");
  return t;
}

// The run is over: record it in the model, publish the final weights, answer the snapshot
// requests still waiting, and only then hand the model back to the owner (active_ = false).
void BackgroundTrainer::finish(Run& run, TrainingState state, const std::string& message) {
  model_->training = training_record(run, progress_.history);
  publish_weights();
  for (;;) {
    std::unique_lock<std::mutex> lock(mutex_);
    if (requests_.empty()) {
      active_ = false;
      snapshot_requested_.store(false);
      progress_.state = state;
      progress_.message = message;
      state_.store(state, std::memory_order_release);
      bump_version();
      return;
    }
    lock.unlock();
    serve_snapshot_requests(run);
  }
}

}  // namespace nnfs
