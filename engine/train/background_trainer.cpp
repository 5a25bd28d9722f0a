#include "engine/train/background_trainer.h"

#include <algorithm>
#include <exception>
#include <utility>

#include "engine/core/error.h"
#include "engine/train/background_trainer_run.h"

namespace nnfs {

const char* to_string(TrainingState state) {
  switch (state) {
    case TrainingState::Idle: return "idle";
    case TrainingState::Running: return "running";
    case TrainingState::Paused: return "paused";
    case TrainingState::Stopped: return "stopped";
    case TrainingState::Finished: return "finished";
    case TrainingState::Failed: return "failed";
  }
  return "unknown";
}

int default_training_threads() {
  const unsigned cores = std::thread::hardware_concurrency();
  return cores > 1 ? static_cast<int>(cores) - 1 : 1;
}

double TrainingStatus::epoch_fraction() const {
  return steps_per_epoch ? static_cast<double>(step) / static_cast<double>(steps_per_epoch) : 0.0;
}

double TrainingStatus::run_fraction() const {
  if (!steps_per_epoch || last_epoch < first_epoch || epoch < first_epoch) return 0.0;
  const double total = static_cast<double>((last_epoch - first_epoch + 1) * steps_per_epoch);
  const double done = static_cast<double>((epoch - first_epoch) * steps_per_epoch + step);
  return std::min(1.0, done / total);
}

BackgroundTrainer::BackgroundTrainer() = default;

BackgroundTrainer::~BackgroundTrainer() {
  stop();
  join();
}

// --- owner thread ------------------------------------------------------------------------------

void BackgroundTrainer::set_model(Model model) {
  if (is_active(state())) throw Error("cannot replace the model while training runs; stop it first");
  join();
  TrainingHistory history = TrainingHistory::load(model.training);
  auto weights = std::make_shared<const Model>(clone_model(model, false));
  std::lock_guard<std::mutex> lock(mutex_);
  model_ = std::make_unique<Model>(std::move(model));
  optimizer_state_ = {};
  const std::uint64_t history_id = progress_.history_id + 1;
  const std::uint64_t version = progress_.version;
  progress_ = {};
  progress_.version = version;
  progress_.history_id = history_id;
  progress_.history = std::move(history);
  progress_.epoch = progress_.history.epochs_done();
  weights_ = std::move(weights);
  evaluation_.reset();
  epoch_snapshot_.reset();
  state_.store(TrainingState::Idle, std::memory_order_release);
  bump_version();
}

void BackgroundTrainer::start(TrainingJob job) {
  if (!job.train) throw Error("cannot start training: no training data");
  job.config.validate();
  if (job.config.threads == 0) job.config.threads = default_training_threads();
  if (job.weights_every == 0) job.weights_every = 1;
  if (is_active(state())) throw Error("training is already running");
  join();  // the previous run's thread, already done
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!model_) throw Error("cannot start training: no model");
    active_ = true;
    pause_requested_.store(false);
    stop_requested_.store(false);
    const std::size_t done = progress_.history.epochs_done();
    static_cast<TrainingStatus&>(progress_) = TrainingStatus{
        .state = TrainingState::Running, .message = {}, .version = progress_.version,
        .history_id = progress_.history_id, .epoch = done + 1, .first_epoch = done + 1,
        .last_epoch = done + job.config.epochs};
    state_.store(TrainingState::Running, std::memory_order_release);
    bump_version();
  }
  try {
    thread_ = std::thread([this, j = std::move(job)]() mutable { worker_main(std::move(j)); });
  } catch (...) {
    std::lock_guard<std::mutex> lock(mutex_);
    active_ = false;
    state_.store(TrainingState::Failed, std::memory_order_release);
    throw;
  }
}

void BackgroundTrainer::join() {
  if (thread_.joinable()) thread_.join();
}

// --- any thread --------------------------------------------------------------------------------

// pause() needs no lock: the training thread reads the flag before every batch, and only waits
// (re-checking under the lock) after it has seen it set.
void BackgroundTrainer::pause() { pause_requested_.store(true, std::memory_order_seq_cst); }

// resume(), stop() and snapshot requests change what the paused thread waits for, so they change
// it under the lock (a wait cannot miss them) and then wake it.
void BackgroundTrainer::resume() {
  { std::lock_guard<std::mutex> lock(mutex_); pause_requested_.store(false); }
  wake_.notify_all();
}

void BackgroundTrainer::stop() {
  { std::lock_guard<std::mutex> lock(mutex_); stop_requested_.store(true); }
  wake_.notify_all();
}

bool BackgroundTrainer::has_model() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return model_ != nullptr;
}

bool BackgroundTrainer::poll(TrainingProgress& view) const {
  if (view.version == version_.load(std::memory_order_acquire)) return false;
  std::lock_guard<std::mutex> lock(mutex_);
  const TrainingHistory& from = progress_.history;
  TrainingHistory& to = view.history;
  // Within one history_id the history only grows: copy just the new tail.
  const bool grows = view.history_id == progress_.history_id && to.batch_loss.size() <= from.batch_loss.size() &&
                     to.epochs.size() <= from.epochs.size();
  static_cast<TrainingStatus&>(view) = progress_;
  if (!grows) {
    to = from;
    return true;
  }
  const auto old_epochs = static_cast<std::ptrdiff_t>(to.epochs.size());
  to.batch_loss.insert(to.batch_loss.end(),
                       from.batch_loss.begin() + static_cast<std::ptrdiff_t>(to.batch_loss.size()),
                       from.batch_loss.end());
  to.epochs.insert(to.epochs.end(), from.epochs.begin() + old_epochs, from.epochs.end());
  to.epoch_batch_end.insert(to.epoch_batch_end.end(), from.epoch_batch_end.begin() + old_epochs,
                            from.epoch_batch_end.end());
  return true;
}

TrainingProgress BackgroundTrainer::progress() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return progress_;
}

std::shared_ptr<const Model> BackgroundTrainer::weights() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return weights_;
}

std::shared_ptr<const EvaluationReport> BackgroundTrainer::evaluation() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return evaluation_;
}

std::shared_ptr<const TrainingSnapshot> BackgroundTrainer::epoch_snapshot() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return epoch_snapshot_;
}

std::future<TrainingSnapshot> BackgroundTrainer::request_snapshot() {
  std::promise<TrainingSnapshot> promise;
  std::future<TrainingSnapshot> future = promise.get_future();
  std::unique_lock<std::mutex> lock(mutex_);
  if (active_) {
    requests_.push_back(std::move(promise));
    snapshot_requested_.store(true);
    lock.unlock();
    wake_.notify_all();
    return future;
  }
  // No run: the model is the owner's, and the lock keeps set_model() from swapping it meanwhile.
  if (!model_) {
    promise.set_exception(std::make_exception_ptr(Error("no model to take a snapshot of")));
    return future;
  }
  promise.set_value(make_snapshot(nullptr, progress_.history));
  return future;
}

void BackgroundTrainer::bump_version() {
  ++progress_.version;
  version_.store(progress_.version, std::memory_order_release);
}

}  // namespace nnfs
