// RunRecorder: writes one run of the library while it trains (docs/RUNS.md). A front end creates
// one for a new run or reopens a run to resume it, then calls its methods from the training
// thread. It holds the run's lock (flock on <run>/lock) for its lifetime, so readers know the run
// is live; when the process dies the lock goes and the run lists as interrupted.
//
//   settings.json     written once at creation (atomic)
//   history.jsonl     appended: one complete line per batch, epoch, change and state, one write() each
//   summary.json      rewritten atomically at each epoch end and state change
//   checkpoint.nnfsckpt  the rolling checkpoint (engine/train/checkpoint.h), atomic; written at
//                     creation (before the first batch), at each epoch end and when stopped
//   model.safetensors the final model (atomic)
//
// Every method throws nnfs::Error when a write fails (a full disk); the run's files stay valid.
#pragma once

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/model/model.h"
#include "engine/runs/run_state.h"
#include "engine/runs/run_summary.h"
#include "engine/train/checkpoint.h"
#include "engine/train/progress.h"
#include "engine/train/run_change.h"
#include "engine/train/train_config.h"
#include "engine/train/training_record.h"

namespace nnfs {

// What a new run records about itself.
struct NewRun {
  std::string name;             // empty: the id
  TrainConfig config;           // threads included
  RunDescription description;   // data and preset
  std::string network;          // the architecture string (to_arch_string)
  std::size_t train_samples = 0;
  nlohmann::json info = nlohmann::json::object();  // the front end's own keys (CLI: its data flags)
};

class RunRecorder {
 public:
  // Creates <library>/<new id>/ with settings, summary (running) and an empty history; the
  // initial checkpoint is the caller's first save_checkpoint. Throws when the name is taken.
  static RunRecorder create(const std::string& library_dir, const NewRun& run);
  // Reopens a run to continue it: takes its lock (refused while another process holds it:
  // "run 'k' is being written by another process"), cuts a torn last history line, and reads
  // its summary. The caller loads checkpoint_path() and calls on_resume.
  static RunRecorder reopen(const std::string& library_dir, const std::string& id_or_name);

  RunRecorder(RunRecorder&&) noexcept;
  RunRecorder& operator=(RunRecorder&&) noexcept;
  ~RunRecorder();  // releases the lock (the summary keeps its last state)

  const RunSummary& summary() const;
  const std::string& id() const;
  const std::string& dir() const;
  std::string checkpoint_path() const;
  std::string model_path() const;
  const nlohmann::json& settings() const;  // settings.json
  const TrainConfig& config() const;        // the run's settings now, every change applied

  // A new session from a checkpoint: `config` and `at` as loaded from it (before any change the
  // resume makes: pass that to on_change next). Writes a "running" state line with "resumed": true.
  void on_resume(const TrainConfig& config, const TrainState& at);
  void on_batch(const BatchProgress& p);
  void on_epoch(const EpochResult& r);
  // `at`: where the change applies (the batches done so far). Logs from → to and updates the
  // summary's epoch total.
  void on_change(const RunChange& change, const BatchProgress& at);
  void save_checkpoint(const Checkpoint& ck);
  // The checkpoint before the first batch (so even a run killed in its first epoch resumes).
  void save_initial_checkpoint(const Model& model, const TrainConfig& config, const nlohmann::json& info);
  void save_checkpoint(const Model& model, const TrainConfig& config, const TrainState& state,
                       const nlohmann::json& info);
  // Writes a state line and the summary; `message` is kept for failed (one line).
  void set_state(RunState state, const std::string& message = "");
  void save_model(const Model& model);

 private:
  struct Impl;
  explicit RunRecorder(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace nnfs
