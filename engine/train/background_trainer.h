// BackgroundTrainer: run_training on a thread of its own, driven and watched from a UI thread
// that must never wait for it.
//
// Ownership and handoff (GUIDE §1 and §2.11):
//   * The trainer owns the Model. While a run is active only the training thread touches it; the
//     UI gets copies: a progress value (poll/progress), and shared_ptr<const …> weights,
//     evaluation report and epoch-end snapshot, each replaced under one mutex that is held for a
//     copy or a pointer swap, never for computation.
//   * Commands are atomic flags read by the training thread between batches (run_training's
//     between_batches hook): pause, stop and snapshot requests. A command given while the
//     progress shows global_step = s is acknowledged with global_step <= s + 1 — the batch in
//     flight finishes, no other starts. Pause blocks the training thread on a condition variable.
//   * The lifecycle is an atomic enum. Idle → Running ⇄ Paused → Finished | Stopped | Failed;
//     from the last three (or Idle) start() begins another run on the same model.
//   * A NaN or infinite loss (run_training throws) ends the run as Failed with its message and
//     puts back the last weights known to give a finite loss (copied before every step).
//
// Threads: start/join/set_model from one owner thread; everything else from any thread.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/data/dataset.h"
#include "engine/model/model.h"
#include "engine/optim/optimizer_state.h"
#include "engine/train/evaluation_report.h"
#include "engine/train/train_config.h"
#include "engine/train/trainer.h"
#include "engine/train/training_history.h"
#include "engine/train/training_snapshot.h"

namespace nnfs {

enum class TrainingState : std::uint8_t { Idle, Running, Paused, Stopped, Finished, Failed };
// "idle", "running", "paused", "stopped", "finished", "failed" (the studio's training_state events).
const char* to_string(TrainingState state);
inline bool is_active(TrainingState s) { return s == TrainingState::Running || s == TrainingState::Paused; }

// Threads for training when the config says 0: every core but one, which stays with the UI
// (at least 1).
int default_training_threads();

// The scalar part of the progress: cheap to copy every frame.
struct TrainingStatus {
  TrainingState state = TrainingState::Idle;
  std::string message;          // Failed: what went wrong; Finished/Stopped: a one-line summary
  std::uint64_t version = 0;    // bumped by every publication; poll() compares it
  std::uint64_t history_id = 0; // changes when the history is replaced (set_model)
  // Epochs count on across runs: this run trains first_epoch..last_epoch; `epoch` is under way
  // (or the last one finished).
  std::size_t epoch = 0, first_epoch = 0, last_epoch = 0;
  std::size_t step = 0, steps_per_epoch = 0;  // batches done in `epoch`
  std::uint64_t global_step = 0;              // optimizer steps taken in this run
  double batch_loss = 0.0;                    // data loss of the latest batch
  double epoch_loss = 0.0;                    // mean batch loss of the epoch so far
  double samples_per_second = 0.0;            // this run, pauses and evaluations excluded
  double elapsed_seconds = 0.0;               // this run, pauses excluded
  double eta_seconds = 0.0;                   // rest of the run (training and evaluations)

  double epoch_fraction() const;              // 0..1 through `epoch`
  double run_fraction() const;                // 0..1 through the run
};

struct TrainingProgress : TrainingStatus {
  TrainingHistory history;  // every run of this model (loaded history included)
};

struct TrainingJob {
  std::shared_ptr<const Dataset> train;  // required
  std::shared_ptr<const Dataset> test;   // optional; evaluated after every epoch (replaced by the
                                         // held-out part when config.validation_split > 0)
  TrainConfig config;                    // config.threads == 0: default_training_threads()
  nlohmann::json record = nlohmann::json::object();  // extra keys for Model::training, e.g.
                                                     // {"dataset": "MNIST", "preset": "mlp"}
  std::size_t weights_every = 1;         // publish weights every this many steps,
  double weights_min_interval = 0.02;    // and at most this often (seconds; 0: every time)
};

class BackgroundTrainer {
 public:
  BackgroundTrainer();
  ~BackgroundTrainer();  // stops a running trainer and joins its thread
  BackgroundTrainer(const BackgroundTrainer&) = delete;
  BackgroundTrainer& operator=(const BackgroundTrainer&) = delete;

  // --- owner thread ----------------------------------------------------------------------------
  // A new or loaded model (its history is read from model.training). Throws nnfs::Error during a run.
  void set_model(Model model);
  // Trains the current model further on a new thread: its weights are kept (never re-initialised),
  // and so is the optimizer state of the previous run when the optimizer type is the same; the
  // history grows. Throws nnfs::Error when a run is active, there is no model, or the job is
  // invalid; problems found while training (incompatible data, divergence) end as Failed.
  void start(TrainingJob job);
  void join();  // waits for the training thread to end (blocks: for shutdown and tests)

  // --- any thread; none of these waits for training --------------------------------------------
  void pause();   // state becomes Paused within one batch
  void resume();
  void stop();    // the run ends as Stopped within one batch (also when paused)
  TrainingState state() const { return state_.load(std::memory_order_acquire); }
  bool pause_requested() const { return pause_requested_.load(std::memory_order_acquire); }
  bool has_model() const;

  // Updates `view` if anything was published since it was last filled (returns false, without
  // locking, when not); the history is appended to rather than copied when it only grew.
  bool poll(TrainingProgress& view) const;
  TrainingProgress progress() const;
  std::shared_ptr<const Model> weights() const;  // latest weights: immutable, read them directly
  std::shared_ptr<const EvaluationReport> evaluation() const;  // latest epoch's, or null
  // Weights, optimizer state and history as of the last epoch end (what the evaluation shows).
  std::shared_ptr<const TrainingSnapshot> epoch_snapshot() const;
  // A consistent snapshot now: during a run the training thread takes it before the next batch
  // (also while paused); otherwise it is taken at once. Poll the future (wait_for(0s)).
  std::future<TrainingSnapshot> request_snapshot();

 private:
  struct Run;  // the training thread's own state for one run (background_trainer.cpp)

  // Training thread.
  void worker_main(TrainingJob job);
  void between_batches(Run& run, Optimizer& optimizer);
  void after_batch(Run& run, const BatchProgress& p);
  Evaluation evaluate_epoch(Run& run, Model& model, const Dataset& data);
  void after_epoch(Run& run, EpochResult r);
  void wait_while_paused(Run& run);
  void serve_snapshot_requests(Run& run);
  void publish_weights();
  void finish(Run& run, TrainingState state, const std::string& message);
  // Either thread: the training thread during a run, a caller holding mutex_ otherwise.
  TrainingSnapshot make_snapshot(Run* run, const TrainingHistory& history) const;
  nlohmann::json training_record(const Run& run, const TrainingHistory& history) const;
  void bump_version();  // with mutex_ held

  mutable std::mutex mutex_;        // guards the members marked (m); held for copies only
  std::condition_variable wake_;    // the paused training thread waits here for resume/stop/snapshot
  std::atomic<TrainingState> state_{TrainingState::Idle};
  std::atomic<bool> pause_requested_{false}, stop_requested_{false}, snapshot_requested_{false};
  std::atomic<std::uint64_t> version_{0};  // progress_.version, readable without the lock

  bool active_ = false;             // (m) a run is under way: the training thread owns model_
  // The model and the optimizer state to continue from: the training thread's during a run; the
  // owner's (changed under mutex_) otherwise.
  std::unique_ptr<Model> model_;
  OptimizerState optimizer_state_;
  TrainingProgress progress_;                                // (m) history: written by one thread at a time
  std::shared_ptr<const Model> weights_;                     // (m)
  std::shared_ptr<const EvaluationReport> evaluation_;       // (m)
  std::shared_ptr<const TrainingSnapshot> epoch_snapshot_;   // (m)
  std::vector<std::promise<TrainingSnapshot>> requests_;     // (m) snapshots asked for during a run
  std::thread thread_;                                       // owner thread only
};

}  // namespace nnfs
