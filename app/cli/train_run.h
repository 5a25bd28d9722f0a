// `nnfs train`'s run in the library (engine/runs, docs/RUNS.md): every training is recorded as a
// run unless --no-run; --name names it, --runs-dir (or NNFS_RUNS_DIR) says where the library is,
// and --resume RUN (an id or a name, when no file has that path) continues a run in place.
// Recording never ends a training: a failed write is one warning on stderr, then training goes on.
#pragma once

#include <optional>
#include <string>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "engine/runs/run_recorder.h"
#include "engine/train/checkpoint.h"
#include "engine/train/epoch_loop.h"
#include "engine/train/run_change.h"

namespace nnfs::cli {

struct RunFlags {
  std::string name;
  std::string runs_dir;
  bool no_run = false;
  void add_to(CLI::App& cmd);
  std::string library() const;  // --runs-dir, else RunLibrary::default_dir()
};

// --resume ARG names a run (not a checkpoint file): it has no '/' and nothing exists at that path.
bool names_run(const std::string& resume);

class TrainRecording {
 public:
  // Before any data is loaded: reopens the run --resume names (refused while another process
  // writes it), or checks that --name is free.
  void open(const RunFlags& flags, const std::string& resume);
  bool resumes_run() const { return resumed_run_; }
  std::string checkpoint_path() const;  // the resumed run's rolling checkpoint

  // Once the model and the settings are final. `resumed`: the checkpoint training continues
  // from (its config as loaded); `change`: what --epochs/--lr/... changed on resuming.
  void start(const NewRun& run, const Model& model, const std::optional<Checkpoint>& resumed, const RunChange& change);
  // Adds the recorder's calls to the callbacks (batches, epochs, checkpoints).
  void add_to(TrainCallbacks& callbacks, const Model& model, const TrainConfig& config, const nlohmann::json& info);
  void stopped(const Model& model, const TrainConfig& config, const TrainState& state, const nlohmann::json& info);
  void failed(const std::string& message);
  void finished(const Model& model);
  bool active() const { return recorder_.has_value(); }
  std::string describe() const;  // "run 'k' (20261205-011209-adam-k3f) in DIR"
  std::string resume_name() const;  // what --resume takes to continue it: its name (or id)

 private:
  template <class F>
  void guarded(F&& write);  // runs a write; the first failure is a warning, the rest are silent

  std::optional<RunRecorder> recorder_;
  RunFlags flags_;
  bool recording_ = false, resumed_run_ = false, warned_ = false;
};

}  // namespace nnfs::cli
