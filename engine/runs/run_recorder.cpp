#include "engine/runs/run_recorder.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <random>

#include "engine/core/error.h"
#include "engine/model/model_file.h"
#include "engine/runs/history_line.h"
#include "engine/runs/json_fields.h"
#include "engine/runs/run_format.h"
#include "engine/runs/run_library.h"
#include "engine/runs/run_lock.h"
#include "engine/runs/run_dir.h"
#include "engine/runs/run_settings.h"

namespace nnfs {

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

struct RunRecorder::Impl {
  std::string dir;
  RunSummary summary;
  json settings;
  TrainConfig config;
  runs::RunLock lock;
  int history_fd = -1;
  std::uint64_t global_step = 0;
  double t_base = 0.0;  // seconds of training in earlier sessions
  Clock::time_point session_start = Clock::now();

  Impl(std::string d, runs::RunLock l) : dir(std::move(d)), lock(std::move(l)) {}
  ~Impl() {
    if (history_fd >= 0) ::close(history_fd);
  }
  double t() const { return t_base + std::chrono::duration<double>(Clock::now() - session_start).count(); }
  void append(HistoryLine line);
  void write_summary();
};

// One complete line with one write(): a reader sees it whole or not at all.
void RunRecorder::Impl::append(HistoryLine line) {
  line.t = t();
  const std::string text = line.to_text();
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(history_fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw Error(runs::join(dir, runs::kHistoryFile) + ": cannot append: " + std::strerror(errno));
    done += static_cast<std::size_t>(n);
  }
}

void RunRecorder::Impl::write_summary() {
  const std::string path = runs::join(dir, runs::kSummaryFile);
  try {  // a rename made by `nnfs runs rename` or the studio meanwhile is kept
    summary.name = RunSummary::from_json(runs::read_json_file(path), path).name;
  } catch (const Error&) {
  }
  struct stat st {};
  if (::fstat(history_fd, &st) == 0) summary.history_bytes = static_cast<std::uint64_t>(st.st_size);
  summary.updated = runs::utc_now();
  summary.duration = t();
  runs::write_json_atomically(path, summary.to_json());
}

RunRecorder::RunRecorder(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
RunRecorder::RunRecorder(RunRecorder&&) noexcept = default;
RunRecorder& RunRecorder::operator=(RunRecorder&&) noexcept = default;
RunRecorder::~RunRecorder() = default;

RunRecorder RunRecorder::create(const std::string& library_dir, const NewRun& run) {
  if (!run.name.empty()) {
    check_run_name(run.name);
    for (const RunSummary& s : RunLibrary(library_dir).list())
      if (s.name == run.name)
        throw Error("run name '" + printable(run.name) + "' is already used by run " + s.id +
                    " (choose another --name, or rename that run: nnfs runs rename)");
  }
  runs::NewRunDir made = runs::make_run_dir(library_dir, to_string(run.config.optimizer.type));
  auto impl = std::make_unique<Impl>(made.tmp_dir, std::move(made.lock));
  impl->config = run.config;
  impl->settings = runs::settings_json(made.id, run);
  runs::write_json_atomically(runs::join(made.tmp_dir, runs::kSettingsFile), impl->settings);
  impl->history_fd = runs::open_history(runs::join(made.tmp_dir, runs::kHistoryFile), false);
  impl->summary = runs::new_summary(made.id, run);
  HistoryLine line;
  line.kind = HistoryLine::Kind::State;
  line.time = impl->summary.started;
  impl->append(line);
  impl->write_summary();
  impl->dir = runs::publish_run_dir(library_dir, made);
  impl->summary.id = made.id;
  impl->summary.dir = impl->dir;
  return RunRecorder(std::move(impl));
}

RunRecorder RunRecorder::reopen(const std::string& library_dir, const std::string& id_or_name) {
  const RunSummary found = RunLibrary(library_dir).find(id_or_name);
  auto impl = std::make_unique<Impl>(found.dir, runs::RunLock(found.dir, found.id));
  const std::string summary_path = runs::join(found.dir, runs::kSummaryFile);
  const std::string settings_path = runs::join(found.dir, runs::kSettingsFile);
  try {
    impl->summary = RunSummary::from_json(runs::read_json_file(summary_path), summary_path);
    impl->settings = runs::read_json_file(settings_path);
    runs::check_format(runs::JsonFields(impl->settings, settings_path));
  } catch (const Error& e) {
    throw Error("cannot resume run " + found.id + ": " + e.what());
  }
  impl->summary.id = found.id;
  impl->summary.dir = found.dir;
  impl->t_base = impl->summary.duration;
  impl->history_fd = runs::open_history(runs::join(found.dir, runs::kHistoryFile), true);
  return RunRecorder(std::move(impl));
}

const RunSummary& RunRecorder::summary() const { return impl_->summary; }
const std::string& RunRecorder::id() const { return impl_->summary.id; }
const std::string& RunRecorder::dir() const { return impl_->dir; }
std::string RunRecorder::checkpoint_path() const { return runs::join(impl_->dir, runs::kCheckpointFile); }
std::string RunRecorder::model_path() const { return runs::join(impl_->dir, runs::kModelFile); }
const json& RunRecorder::settings() const { return impl_->settings; }
const TrainConfig& RunRecorder::config() const { return impl_->config; }

void RunRecorder::on_resume(const TrainConfig& config, const TrainState& at) {
  Impl& m = *impl_;
  m.config = config;
  m.global_step = at.history.batch_loss.size();
  runs::set_epochs(m.summary, at.history.epochs, config.epochs);
  m.summary.state = RunState::Running;
  m.summary.message.clear();
  HistoryLine line;
  line.kind = HistoryLine::Kind::State;
  line.time = runs::utc_now();
  line.global_step = m.global_step;
  line.resumed = true;
  m.append(line);
  m.write_summary();
}

void RunRecorder::on_batch(const BatchProgress& p) {
  Impl& m = *impl_;
  m.global_step = p.steps_per_epoch ? (p.epoch - 1) * p.steps_per_epoch + p.step : m.global_step + 1;
  HistoryLine line;
  line.kind = HistoryLine::Kind::Batch;
  line.epoch = p.epoch;
  line.step = p.step;
  line.global_step = m.global_step;
  line.loss = p.loss;
  line.lr = p.lr;
  m.append(line);
}

void RunRecorder::on_epoch(const EpochResult& r) {
  Impl& m = *impl_;
  m.append(epoch_line(r, m.global_step));
  runs::add_epoch(m.summary, r);
  m.write_summary();
}

void RunRecorder::on_change(const RunChange& change, const BatchProgress& at) {
  Impl& m = *impl_;
  HistoryLine line;
  line.kind = HistoryLine::Kind::Change;
  line.epoch = at.epoch;
  line.step = at.step;
  line.global_step = at.steps_per_epoch ? (at.epoch - 1) * at.steps_per_epoch + at.step : m.global_step;
  line.from = change.current_values(m.config);
  line.to = change;
  apply_change(m.config, change, 0);  // the loop has applied (and so checked) it already
  m.append(line);
  m.summary.epochs_total = m.config.epochs;
  m.summary.optimizer = runs::describe_optimizer(m.config.optimizer);
  m.write_summary();
}

void RunRecorder::save_checkpoint(const Checkpoint& ck) { save_checkpoint(ck.model, ck.config, ck.state, ck.info); }

void RunRecorder::save_checkpoint(const Model& model, const TrainConfig& config, const TrainState& state,
                                  const json& info) {
  nnfs::save_checkpoint(checkpoint_path(), model, config, state, info);
}

void RunRecorder::save_initial_checkpoint(const Model& model, const TrainConfig& config, const json& info) {
  TrainState state = initial_train_state(config);
  // A fresh optimizer's state: the checkpoint names its type, as every later one does.
  state.optimizer = OptimizerState::capture(*make_optimizer(config.optimizer));
  save_checkpoint(model, config, state, info);
}

void RunRecorder::set_state(RunState state, const std::string& message) {
  Impl& m = *impl_;
  m.summary.state = state;
  m.summary.message = printable(message);
  HistoryLine line;
  line.kind = HistoryLine::Kind::State;
  line.state = state;
  line.time = runs::utc_now();
  line.global_step = m.global_step;
  line.message = m.summary.message;
  m.append(line);
  m.write_summary();
}

void RunRecorder::save_model(const Model& model) { nnfs::save_model(model_path(), model); }

}  // namespace nnfs
