// BackgroundTrainer: the epoch loop (run_training, epoch_loop.h) on a thread of its own, driven
// and watched from a UI thread that must never wait for it. It is the same run `nnfs train`
// makes: stopping, saving during a run and continuing go through the same TrainState and
// Checkpoint as `nnfs train --checkpoint/--resume`, so an interrupted and continued run ends bit
// for bit where an uninterrupted one would (same seed and thread count).
//
// Ownership and handoff (GUIDE §1 and §2.11):
//   * The trainer owns the Model and the run's state (TrainState, config, description). While a
//     run is active only the training thread touches them; the UI gets copies: a progress value
//     (poll/progress), and shared_ptr<const …> weights, evaluation report and epoch-end
//     checkpoint, each replaced under one mutex held for a copy or a pointer swap, never for
//     computation.
//   * Commands are atomic flags read by the training thread between batches (run_training's
//     between_batches hook): pause, stop and checkpoint requests. A command given while the
//     progress shows global_step = s is acknowledged with global_step <= s + 1 — the batch in
//     flight finishes, no other starts. Pause blocks the training thread on a condition variable.
//   * The lifecycle is an atomic enum. Idle → Running ⇄ Paused → Finished | Stopped | Failed;
//     from the last three (or Idle) start() continues: a stopped run to its end, otherwise with
//     more epochs.
//   * A NaN or infinite loss (run_training throws) ends the run as Failed with its message and
//     puts back the last weights known to give a finite loss (copied before every step).
//   * Step: step() lets a paused run take exactly one batch and pause again (a pause request
//     that stays set, with a one-batch pass the paused thread consumes when it wakes). Every
//     pause publishes the weights it stops at, so a paused run's weights() are its own.
//   * Steering: steer() leaves a RunChange (learning rate, epochs, augmentation) under the mutex;
//     the training thread takes it before its next batch (run_training's take_change), applies
//     it, and lists it in the progress (`changes`). A change the run cannot take (fewer epochs
//     than are done) is refused there (`change_error`) and the run goes on unchanged.
//   * Recording: a job's RunRecorder (engine/runs/run_recorder.h) is called on the training
//     thread only: every batch, epoch and change, the rolling checkpoint at each epoch end (and
//     where a stopped run stopped), each state, and the final model.
//
// Threads: start/join/set_model/set_checkpoint/model_copy from one owner thread; everything else
// from any thread.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/data/dataset.h"
#include "engine/model/model.h"
#include "engine/train/checkpoint.h"
#include "engine/train/epoch_loop.h"
#include "engine/train/evaluation_report.h"
#include "engine/train/extra_data.h"
#include "engine/train/run_change.h"
#include "engine/train/train_config.h"
#include "engine/train/training_history.h"
#include "engine/train/training_record.h"
#include "engine/train/clone_model.h"

namespace nnfs {

class RunRecorder;

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
  // (or the last one finished). A continued run starts at the epoch where it stopped.
  std::size_t epoch = 0, first_epoch = 0, last_epoch = 0;
  std::size_t step = 0, steps_per_epoch = 0;  // batches done in `epoch`
  std::uint64_t global_step = 0;              // optimizer steps taken since start()
  double batch_loss = 0.0;                    // data loss of the latest batch
  double epoch_loss = 0.0;                    // mean batch loss of the epoch so far
  double samples_per_second = 0.0;            // this run, pauses and evaluations excluded
  double elapsed_seconds = 0.0;               // this run, pauses excluded
  double eta_seconds = 0.0;                   // rest of the run (training and evaluations)

  double epoch_fraction() const;              // 0..1 through `epoch`
  double run_fraction() const;                // 0..1 through the run
};

// A change made during a run (steer) and where it was applied.
struct AppliedChange {
  RunChange change;
  std::size_t epoch = 0, step = 0;  // before batch `step` (0-based) of `epoch`
  std::size_t batches = 0;          // history.batch_loss.size() then: the batches before it
  bool operator==(const AppliedChange&) const = default;
};

struct TrainingProgress : TrainingStatus {
  TrainingHistory history;  // every run of this model (loaded history included)
  TrainConfig config;                  // the run's settings, with the changes applied so far
  std::vector<AppliedChange> changes;  // applied during this model's runs, in order
  std::string change_error;            // why the last refused change was refused
  std::uint64_t changes_refused = 0;   // how many were refused (a new one: this grows)
};

struct TrainingJob {
  std::shared_ptr<const Dataset> train;  // required
  std::shared_ptr<const Dataset> test;   // optional; evaluated after every epoch (replaced by the
                                         // held-out part when config.validation_split > 0)
  TrainConfig config;                    // config.threads == 0: default_training_threads();
                                         // continuing a stopped run keeps that run's config
                                         // except the thread count
  RunDescription run;                    // for the training record (a new run only)
  ExtraData extra;                       // optional samples mixed into every batch (extra_data.h)
  nlohmann::json info = nlohmann::json::object();  // the front end's checkpoint keys (a new run)
  std::uint64_t pause_at = 0;            // pause once this many steps of the run are done
                                         // (counted from its first epoch: a pause at a known
                                         // point, for automation and tests); 0: never
  std::size_t weights_every = 1;         // publish weights every this many steps,
  double weights_min_interval = 0.02;    // and at most this often (seconds; 0: every time)
  std::shared_ptr<RunRecorder> recorder; // the run library's record of this run, or null; used
                                         // by the training thread only while the run lasts
};

class BackgroundTrainer {
 public:
  BackgroundTrainer();
  ~BackgroundTrainer();  // stops a running trainer and joins its thread
  BackgroundTrainer(const BackgroundTrainer&) = delete;
  BackgroundTrainer& operator=(const BackgroundTrainer&) = delete;

  // --- owner thread ----------------------------------------------------------------------------
  // A new or loaded model (its history is read from model.training); the next start() begins a
  // new run on it. Throws nnfs::Error during a run.
  void set_model(Model model);
  // A saved run (nnfs train --checkpoint, or saved by the studio): the next start() continues it.
  void set_checkpoint(Checkpoint checkpoint);
  // Trains on a new thread. A run that stopped before its end (interrupted()) continues with its
  // own settings (the job's data and thread count); otherwise the model trains job.config.epochs
  // more epochs, continuing the generators and — when the optimizer type is the same — the
  // optimizer of the run before. The weights are never re-initialised; the history grows.
  // Throws nnfs::Error when a run is active, there is no model, or the job is invalid; problems
  // found while training (incompatible data, divergence) end as Failed.
  void start(TrainingJob job);
  void join();  // waits for the training thread to end (blocks: for shutdown and tests)
  // The model with its training record (owner thread, no run active).
  Model model_copy() const;

  // --- any thread; none of these waits for training --------------------------------------------
  void pause();   // state becomes Paused within one batch
  void resume();
  // One batch, then paused again (the playground's Step). Paused: exactly one more batch runs and
  // the trainer pauses before the next (global_step s → s + 1). Running: it pauses after the
  // batch in flight and one more. Returns false, and does nothing, when no run is active.
  bool step();
  void stop();    // the run ends as Stopped within one batch (also when paused)
  // Changes the active run's settings from its next batch (after a pause: when it resumes).
  // Changes given before the training thread took the last one merge into it (later values
  // win). Returns false, and drops the change, when no run is active.
  bool steer(const RunChange& change);
  TrainingState state() const { return state_.load(std::memory_order_acquire); }
  bool pause_requested() const { return pause_requested_.load(std::memory_order_acquire); }
  bool has_model() const;
  // The run stopped before its last epoch: start() continues it (it is also what a checkpoint
  // taken now would resume).
  bool interrupted() const;

  // Updates `view` if anything was published since it was last filled (returns false, without
  // locking, when not); the history is appended to rather than copied when it only grew.
  bool poll(TrainingProgress& view) const;
  TrainingProgress progress() const;
  std::shared_ptr<const Model> weights() const;  // latest weights: immutable, read them directly
  std::shared_ptr<const EvaluationReport> evaluation() const;  // latest epoch's, or null
  // The run as of the last epoch end (what the evaluation shows), resumable; null before one.
  std::shared_ptr<const Checkpoint> epoch_checkpoint() const;
  // The run now, resumable (save_checkpoint writes it): during a run the training thread takes
  // it before the next batch (also while paused); otherwise it is the run's state when it ended
  // (an error when no run was made or loaded). Poll the future (wait_for(0s)).
  std::future<Checkpoint> request_checkpoint();

 private:
  struct Run;  // the training thread's own state for one run (background_trainer_run.h)

  // Training thread (background_trainer_thread.cpp).
  void worker_main(TrainingJob job, TrainState resume);
  void between_batches(Run& run, const CaptureState& capture);
  void after_batch(Run& run, const BatchProgress& p);
  Evaluation evaluate_epoch(Run& run, Model& model, const Dataset& data);
  void after_epoch(Run& run, EpochResult r);
  void at_epoch_end(Run& run, const TrainState& state);
  void wait_while_paused(Run& run, const CaptureState& capture);
  void serve_checkpoint_requests(const Run& run, const CaptureState& capture);
  std::optional<RunChange> take_change(Run& run);
  void change_applied(Run& run, const RunChange& change, const BatchProgress& at);
  void record_start(Run& run, const TrainState& resume);
  void record_end(Run& run, TrainingState state, std::string& message);
  void publish_weights();
  void finish(Run& run, TrainingState state, const std::string& message);
  // Either thread: the training thread during a run, a caller holding mutex_ otherwise.
  Checkpoint make_checkpoint(const TrainState& state, nlohmann::json record) const;
  void bump_version();  // with mutex_ held
  // Owner thread, mutex_ held: the config and the state start() runs with.
  TrainState prepare_run(TrainingJob& job);

  mutable std::mutex mutex_;        // guards the members marked (m); held for copies only
  std::condition_variable wake_;    // the paused training thread waits here for commands
  std::atomic<TrainingState> state_{TrainingState::Idle};
  std::atomic<bool> pause_requested_{false}, stop_requested_{false}, checkpoint_requested_{false};
  std::atomic<bool> step_requested_{false};  // step(): the paused thread runs one batch
  std::atomic<bool> change_pending_{false};  // pending_change_ holds a change
  std::optional<RunChange> pending_change_;  // (m) given by steer(), not yet taken
  std::atomic<std::uint64_t> version_{0};  // progress_.version, readable without the lock

  bool active_ = false;             // (m) a run is under way: the training thread owns model_
  // The model and the run to continue: the training thread's during a run; the owner's (changed
  // under mutex_) otherwise.
  std::unique_ptr<Model> model_;
  bool has_run_ = false;            // run_state_ is a real run's (else the next start is fresh)
  TrainState run_state_;            // where the run ended (or the loaded checkpoint's)
  TrainConfig run_config_;          // its settings
  RunDescription run_description_;  // its training record's dataset and preset
  nlohmann::json run_info_ = nlohmann::json::object();  // its front end's checkpoint keys
  TrainingProgress progress_;                                // (m) history: written by one thread at a time
  std::shared_ptr<const Model> weights_;                     // (m)
  std::shared_ptr<const EvaluationReport> evaluation_;       // (m)
  std::shared_ptr<const Checkpoint> epoch_checkpoint_;       // (m)
  std::vector<std::promise<Checkpoint>> requests_;           // (m) checkpoints asked for during a run
  std::thread thread_;                                       // owner thread only
};

}  // namespace nnfs
