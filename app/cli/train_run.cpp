#include "app/cli/train_run.h"

#include <sys/stat.h>

#include <cstdio>

#include "app/cli/cli_common.h"
#include "engine/core/error.h"
#include "engine/runs/run_library.h"

namespace nnfs::cli {

void RunFlags::add_to(CLI::App& cmd) {
  cmd.add_option("--name", name, "Name of the run in the run library (default: its id; nnfs runs list)");
  cmd.add_option("--runs-dir", runs_dir,
                 "Run library folder (default: $NNFS_RUNS_DIR, else $XDG_DATA_HOME/nnfs/runs, else "
                 "~/.local/share/nnfs/runs)");
  cmd.add_flag("--no-run", no_run, "Do not record this training in the run library");
}

std::string RunFlags::library() const { return runs_dir.empty() ? RunLibrary::default_dir() : runs_dir; }

bool names_run(const std::string& resume) {
  struct stat st {};
  return !resume.empty() && resume.find('/') == std::string::npos && ::lstat(resume.c_str(), &st) != 0 &&
         errno == ENOENT;
}

template <class F>
void TrainRecording::guarded(F&& write) {
  if (!recorder_) return;
  try {
    write(*recorder_);
  } catch (const Error& e) {
    if (!warned_) std::fprintf(stderr, "nnfs: warning: the run library was not updated: %s\n", e.what());
    warned_ = true;
  }
}

void TrainRecording::open(const RunFlags& flags, const std::string& resume) {
  flags_ = flags;
  recording_ = !flags.no_run;
  resumed_run_ = names_run(resume);
  if (resumed_run_) {
    if (flags.no_run) throw UsageError("--resume " + resume + " names a run (no such file): it cannot go with --no-run");
    if (!flags.name.empty()) throw UsageError("--name names a new run; rename a resumed run with: nnfs runs rename");
    try {
      recorder_.emplace(RunRecorder::reopen(flags.library(), resume));
    } catch (const Error& e) {
      if (std::string(e.what()).starts_with("no run '"))  // it may have been meant as a file
        throw Error("--resume " + resume + ": no such file, and no run in " + flags.library() +
                    " has this id or name (nnfs runs list shows the runs)");
      throw;
    }
    return;
  }
  if (!recording_ || flags.name.empty()) return;
  check_run_name(flags.name);
  for (const RunSummary& s : RunLibrary(flags.library()).list())
    if (s.name == flags.name)
      throw UsageError("--name " + flags.name + ": run " + s.id + " already has this name (choose another, or "
                       "continue it with --resume " + flags.name + ")");
}

std::string TrainRecording::checkpoint_path() const { return recorder_ ? recorder_->checkpoint_path() : ""; }

void TrainRecording::start(const NewRun& run, const Model& model, const std::optional<Checkpoint>& resumed,
                           const RunChange& change) {
  if (!recording_) return;
  if (!recorder_) {
    try {
      recorder_.emplace(RunRecorder::create(flags_.library(), run));
    } catch (const Error& e) {
      std::fprintf(stderr, "nnfs: warning: the run is not recorded: %s\n", e.what());
      return;
    }
  }
  guarded([&](RunRecorder& r) {
    if (!resumed) return r.save_initial_checkpoint(model, run.config, run.info);
    if (!resumed_run_) r.save_checkpoint(model, resumed->config, resumed->state, run.info);
    r.on_resume(resumed->config, resumed->state);
    if (!change.empty()) r.on_change(change, {resumed->state.epoch, resumed->state.step, 0, 0.0, 0.0, 0.0});
  });
}

void TrainRecording::add_to(TrainCallbacks& callbacks, const Model& model, const TrainConfig& config,
                            const nlohmann::json& info) {
  if (!recorder_) return;
  auto then = [](auto first, auto second) {
    return [first, second](const auto&... args) {
      if (first) first(args...);
      second(args...);
    };
  };
  callbacks.on_batch = then(callbacks.on_batch, [this](const BatchProgress& p) {
    guarded([&](RunRecorder& r) { r.on_batch(p); });
  });
  callbacks.on_epoch = then(callbacks.on_epoch, [this](const EpochResult& e) {
    guarded([&](RunRecorder& r) { r.on_epoch(e); });
  });
  callbacks.on_checkpoint = then(callbacks.on_checkpoint, [this, &model, &config, &info](const TrainState& s) {
    guarded([&](RunRecorder& r) { r.save_checkpoint(model, config, s, info); });
  });
}

void TrainRecording::stopped(const Model& model, const TrainConfig& config, const TrainState& state,
                             const nlohmann::json& info) {
  guarded([&](RunRecorder& r) {
    r.save_checkpoint(model, config, state, info);
    r.set_state(RunState::Stopped);
  });
}

void TrainRecording::failed(const std::string& message) {
  guarded([&](RunRecorder& r) { r.set_state(RunState::Failed, message); });
}

void TrainRecording::finished(const Model& model) {
  guarded([&](RunRecorder& r) {
    r.save_model(model);
    r.set_state(RunState::Finished);
  });
}

std::string TrainRecording::describe() const {
  if (!recorder_) return "";
  const RunSummary& s = recorder_->summary();
  return "run '" + s.name + "' (" + s.id + ") in " + flags_.library();
}

std::string TrainRecording::resume_name() const {
  if (!recorder_) return "";
  const RunSummary& s = recorder_->summary();
  return s.name.empty() ? s.id : s.name;
}

}  // namespace nnfs::cli
