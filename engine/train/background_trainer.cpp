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
  Checkpoint fresh;
  fresh.state.history = TrainingHistory::load(model.training);
  fresh.model = std::move(model);
  set_checkpoint(std::move(fresh));
  std::lock_guard<std::mutex> lock(mutex_);
  has_run_ = false;  // a model without its run: the next start begins a new one
}

void BackgroundTrainer::set_checkpoint(Checkpoint ck) {
  if (is_active(state())) throw Error("cannot replace the model while training runs; stop it first");
  join();
  auto weights = std::make_shared<const Model>(clone_model(ck.model, false));
  std::lock_guard<std::mutex> lock(mutex_);
  model_ = std::make_unique<Model>(std::move(ck.model));
  has_run_ = true;
  run_state_ = std::move(ck.state);
  run_config_ = ck.config;
  run_description_ = RunDescription::load(ck.info);
  run_info_ = std::move(ck.info);
  const std::uint64_t history_id = progress_.history_id + 1;
  const std::uint64_t version = progress_.version;
  progress_ = {};
  progress_.version = version;
  progress_.history_id = history_id;
  progress_.history = run_state_.history;
  progress_.epoch = progress_.history.epochs_done();
  weights_ = std::move(weights);
  evaluation_.reset();
  epoch_checkpoint_.reset();
  state_.store(TrainingState::Idle, std::memory_order_release);
  bump_version();
}

bool BackgroundTrainer::interrupted() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return !active_ && has_run_ && run_state_.epoch <= run_config_.epochs;
}

// A stopped run continues with its own config; otherwise a new leg of job.config.epochs epochs
// continues the state the last run ended in (or, without one, a fresh state after the history).
TrainState BackgroundTrainer::prepare_run(TrainingJob& job) {
  const std::size_t done = progress_.history.epochs_done();
  if (has_run_ && run_state_.epoch <= run_config_.epochs) {
    const int threads = job.config.threads;
    job.config = run_config_;
    job.config.threads = threads;
    job.run = run_description_;
    job.info = run_info_;
    run_config_ = job.config;
    return run_state_;
  }
  TrainState resume = initial_train_state(job.config);
  if (has_run_) {
    resume = run_state_;
  } else {
    resume.epoch = done + 1;
    resume.history = progress_.history;
  }
  job.config.epochs += done;
  if (!job.info.is_object()) job.info = nlohmann::json::object();
  job.run.store(job.info);
  run_config_ = job.config;
  run_description_ = job.run;
  run_info_ = job.info;
  return resume;
}

void BackgroundTrainer::start(TrainingJob job) {
  if (!job.train) throw Error("cannot start training: no training data");
  job.config.validate();
  if (job.config.threads == 0) job.config.threads = default_training_threads();
  if (job.weights_every == 0) job.weights_every = 1;
  if (is_active(state())) throw Error("training is already running");
  join();  // the previous run's thread, already done
  TrainState resume;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!model_) throw Error("cannot start training: no model");
    resume = prepare_run(job);
    active_ = true;
    pause_requested_.store(false);
    stop_requested_.store(false);
    step_requested_.store(false);
    pending_change_.reset();
    change_pending_.store(false);
    static_cast<TrainingStatus&>(progress_) = TrainingStatus{
        .state = TrainingState::Running, .message = {}, .version = progress_.version,
        .history_id = progress_.history_id, .epoch = resume.epoch, .first_epoch = resume.epoch,
        .last_epoch = job.config.epochs};
    progress_.config = job.config;
    state_.store(TrainingState::Running, std::memory_order_release);
    bump_version();
  }
  try {
    thread_ = std::thread([this, j = std::move(job), r = std::move(resume)]() mutable {
      worker_main(std::move(j), std::move(r));
    });
  } catch (...) {
    std::lock_guard<std::mutex> lock(mutex_);
    active_ = false;
    state_.store(TrainingState::Failed, std::memory_order_release);
    throw;
  }
}

Model BackgroundTrainer::model_copy() const {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!model_) throw Error("there is no model");
  return clone_model(*model_);
}

void BackgroundTrainer::join() {
  if (thread_.joinable()) thread_.join();
}

// --- any thread --------------------------------------------------------------------------------

// pause() needs no lock: the training thread reads the flag before every batch, and only waits
// (re-checking under the lock) after it has seen it set.
void BackgroundTrainer::pause() { pause_requested_.store(true, std::memory_order_seq_cst); }

// resume(), stop() and checkpoint requests change what the paused thread waits for, so they change
// it under the lock (a wait cannot miss them) and then wake it.
void BackgroundTrainer::resume() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    pause_requested_.store(false);
    step_requested_.store(false);
  }
  wake_.notify_all();
}

// The pause request stays set, so after its one batch the thread pauses again at the next
// between_batches; the pass is taken (cleared) by the thread when it leaves the wait.
bool BackgroundTrainer::step() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!active_) return false;
    pause_requested_.store(true);
    step_requested_.store(true);
  }
  wake_.notify_all();
  return true;
}

void BackgroundTrainer::stop() {
  { std::lock_guard<std::mutex> lock(mutex_); stop_requested_.store(true); }
  wake_.notify_all();
}

bool BackgroundTrainer::steer(const RunChange& change) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!active_) return false;
  RunChange& pending = pending_change_ ? *pending_change_ : pending_change_.emplace();
  if (change.lr) pending.lr = change.lr;
  if (change.epochs) pending.epochs = change.epochs;
  if (change.augment) pending.augment = change.augment;
  if (change.schedule) pending.schedule = change.schedule;
  change_pending_.store(true, std::memory_order_release);
  return true;
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
  if (!grows || view.changes.size() != progress_.changes.size()) view.changes = progress_.changes;
  view.config = progress_.config;
  view.change_error = progress_.change_error;
  view.changes_refused = progress_.changes_refused;
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

std::shared_ptr<const Checkpoint> BackgroundTrainer::epoch_checkpoint() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return epoch_checkpoint_;
}

std::future<Checkpoint> BackgroundTrainer::request_checkpoint() {
  std::promise<Checkpoint> promise;
  std::future<Checkpoint> future = promise.get_future();
  std::unique_lock<std::mutex> lock(mutex_);
  if (active_) {
    requests_.push_back(std::move(promise));
    checkpoint_requested_.store(true);
    lock.unlock();
    wake_.notify_all();
    return future;
  }
  // No run: model and state are the owner's, and the lock keeps set_model() from swapping them.
  if (!model_ || !has_run_) {
    promise.set_exception(std::make_exception_ptr(
        Error(model_ ? "no training run to save: the model has not been trained here" : "no model to save")));
    return future;
  }
  promise.set_value(make_checkpoint(run_state_, model_->training));
  return future;
}

void BackgroundTrainer::bump_version() {
  ++progress_.version;
  version_.store(progress_.version, std::memory_order_release);
}

}  // namespace nnfs
