// nnfs train: build a model from a preset or an architecture string, train it, write it as
// .safetensors with everything needed to use it again (architecture, loss, classes, settings).
// Ctrl+C stops after the batch in flight; with --checkpoint FILE the run is saved there (also
// after every epoch) and `nnfs train --resume FILE` continues it to the same result. Every run is
// also recorded in the run library (app/cli/train_run.h), and `--resume RUN` continues one.
#include <sys/stat.h>

#include <fstream>
#include <memory>

#include "app/cli/cli_common.h"
#include "app/cli/commands.h"
#include "app/cli/file_args.h"
#include "app/cli/interrupt.h"
#include "app/cli/train_run.h"
#include "app/cli/train_teach.h"
#include "app/cli/target_accuracy.h"
#include "app/cli/whole_number.h"
#include "engine/core/error.h"
#include "engine/model/architecture.h"
#include "engine/model/model_file.h"
#include "engine/train/checkpoint.h"
#include "engine/train/epoch_loop.h"
#include "engine/train/training_record.h"
#include "engine/util/atomic_file.h"
#include "engine/util/input_file.h"

namespace nnfs::cli {

namespace {

struct TrainOptions {
  DataFlags data;
  ModelFlags model;
  EpochReport report;
  std::string optimizer = "adam";
  std::optional<float> lr, decay, momentum, epsilon, rho, beta1, beta2, weight_decay;
  bool nesterov = false;
  // Augmentation and schedule: unless given, the network's recipe decides (recipe_for).
  bool augment = false;
  const CLI::Option* augment_flag = nullptr;
  std::optional<std::string> schedule;
  std::optional<double> warmup;
  std::optional<std::size_t> clean_epochs;  // --clean-epochs N
  TrainConfig config;
  std::string out;
  std::string log_json;
  std::string checkpoint;  // --checkpoint FILE
  std::string resume;      // --resume FILE|RUN
  RunFlags runs;           // --name, --runs-dir, --no-run
  const CLI::Option* epochs_flag = nullptr;
  const CLI::Option* batch_flag = nullptr;
  TeachFlags teach;        // --init, --extra, --extra-holdout (train_teach.h)
  TeachDefaults teach_given;
  const CLI::Option* threads_flag = nullptr;
  const CLI::Option* print_every_flag = nullptr;
  std::optional<double> target_acc;  // --target-acc A (target_accuracy.h)
};

// What a checkpoint remembers besides the run itself, so --resume needs no other flags.
nlohmann::json checkpoint_info(const TrainOptions& o) {
  return {{"data", o.data.data_dir}, {"train", o.data.train_csv}, {"test", o.data.test_csv},
          {"arch", o.model.arch}, {"loss", o.model.loss},
          {"print_every", o.report.every}, {"extra", o.teach.extra}, {"extra_holdout", o.teach.holdout}};
}

// --resume FILE: settings, data flags (unless given again) and preset come from the checkpoint.
Checkpoint resume_from(TrainOptions& o) {
  Checkpoint ck = load_checkpoint(o.resume);
  const int threads = o.config.threads;
  o.config = ck.config;
  if (o.threads_flag && o.threads_flag->count() > 0) o.config.threads = threads;
  auto text = [&](const char* key) {
    const auto it = ck.info.find(key);
    return it != ck.info.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  if (o.data.data_dir.empty() && o.data.train_csv.empty() && o.data.test_csv.empty()) {
    o.data.data_dir = text("data");
    o.data.train_csv = text("train");
    o.data.test_csv = text("test");
  }
  o.model.arch = text("arch");
  o.model.loss = text("loss");
  // The same extra samples and hold-out (split with the run's seed): the batches repeat exactly.
  o.teach.extra = text("extra");
  if (const auto h = ck.info.find("extra_holdout"); h != ck.info.end() && h->is_number()) o.teach.holdout = h->get<double>();
  // The printed epochs are the model's training history: keep the interrupted run's choice.
  const auto every = ck.info.find("print_every");
  if ((!o.print_every_flag || o.print_every_flag->count() == 0) && every != ck.info.end() &&
      every->is_number_unsigned())
    o.report.every = every->get<std::size_t>();
  return ck;
}

OptimizerConfig optimizer_config(const TrainOptions& o) {
  OptimizerConfig c = OptimizerConfig::defaults(o.optimizer);
  auto set = [](float& field, const std::optional<float>& v) { if (v) field = *v; };
  set(c.lr, o.lr);
  set(c.lr_decay, o.decay);
  set(c.momentum, o.momentum);
  set(c.epsilon, o.epsilon);
  set(c.rho, o.rho);
  set(c.beta1, o.beta1);
  set(c.beta2, o.beta2);
  set(c.weight_decay, o.weight_decay);
  c.nesterov = o.nesterov;
  return c;
}

// The network's recipe (train_config.h) for what the flags left open, then the flags' schedule.
void apply_recipe(TrainOptions& o, const nlohmann::json& architecture) {
  const TrainRecipe recipe = recipe_for(architecture);
  const bool augment = o.augment_flag->count() > 0 ? o.augment : recipe.augment;
  if (augment) o.config.augment = AugmentConfig{};
  o.config.schedule = o.schedule ? LrSchedule::parse(*o.schedule) : recipe.schedule;
  if (o.warmup) o.config.schedule.warmup = *o.warmup;
  if (o.clean_epochs) o.config.clean_epochs = *o.clean_epochs;
  if (!o.lr && o.optimizer == "adam") o.config.optimizer.lr = recipe.adam_lr;
  o.config.validate();
}

// Before any data is loaded: no output may destroy an input or another output, and each must be
// writable, so that nothing is found only after the training it would lose. The checkpoint may
// replace the one the run resumes from (that is what --resume does by default).
void check_files(const TrainOptions& o, const std::string& checkpoint) {
  // The log is appended to, not replaced: a pipe or a device there would block or never end.
  struct stat st {};
  if (!o.log_json.empty() && ::stat(o.log_json.c_str(), &st) == 0 && !S_ISREG(st.st_mode))
    throw Error("--log-json " + o.log_json + ": " + describe_file_type(st.st_mode) + ", expected a regular file");
  std::vector<FileArg> inputs = data_inputs(o.data);
  inputs.push_back({"--resume", o.resume, ""});
  check_outputs(inputs, {{"--out", o.out, ""},
                         {o.checkpoint.empty() ? "--resume" : "--checkpoint", checkpoint, "--resume"},
                         {"--log-json", o.log_json, ""}});
}

// What the run needs besides the options: the data, the model, and where it is saved.
struct TrainRun {
  TrainRecording recording;  // the run in the library
  RunChange change;          // what --epochs/--lr/--augment/--schedule change on --resume
  LoadedData data;
  Model model;
  std::optional<Checkpoint> resumed;
  ExtraData extra;         // --extra: mixed into every batch
  std::string checkpoint;  // where checkpoints go; empty: none
  nlohmann::json info;     // the checkpoint's front-end keys and the run's description
  RunDescription description;  // for the training record
  const Dataset* test = nullptr;
};

// --resume with new values: the settings given again, applied where the run continues.
RunChange resume_change(const TrainOptions& o) {
  RunChange c;
  if (o.epochs_flag->count() > 0) c.epochs = o.config.epochs;
  c.lr = o.lr;
  if (o.augment_flag->count() > 0) c.augment = o.augment;
  if (o.schedule) c.schedule = LrSchedule::parse(*o.schedule);
  return c;
}

// Settings, data and model: from the checkpoint when resuming, else from the flags.
void prepare(TrainOptions& o, TrainRun& run) {
  run.recording.open(o.runs, o.resume);
  if (o.out.empty() && o.runs.no_run) throw UsageError("--out is required with --no-run (nothing else would keep the model; see nnfs train --help)");
  if (run.recording.resumes_run()) o.resume = run.recording.checkpoint_path();
  if (!o.resume.empty()) {
    run.change = resume_change(o);
    run.resumed = resume_from(o);
    const TrainState& at = run.resumed->state;
    apply_change(o.config, run.change, at.step == 0 ? at.epoch - 1 : at.epoch);
  } else {
    o.config.optimizer = optimizer_config(o);
  }
  o.config.threads = threads_for_machine(o.config.threads);
  o.config.validate();
  run.checkpoint = !o.checkpoint.empty() || run.recording.resumes_run() ? o.checkpoint : o.resume;
  check_files(o, run.checkpoint);
  run.data = load_data(o.data, true);
  run.test = run.data.test ? &*run.data.test : nullptr;
  if (run.resumed) {
    run.model = std::move(run.resumed->model);
  } else if (!o.teach.init.empty()) {
    run.model = load_model(o.teach.init);
    apply_recipe(o, run.model.net.architecture());
    apply_teach_recipe(o.config, o.teach_given);
  } else {
    run.model = o.model.build(*run.data.train, o.config.seed);
    const bool speedrun = o.model.preset == "speedrun" && o.model.arch.empty();
    if (speedrun && o.epochs_flag->count() == 0) o.config.epochs = kSpeedrun.epochs;
    if (speedrun && o.batch_flag->count() == 0) o.config.batch = kSpeedrun.batch;
    if (speedrun && !o.clean_epochs) o.config.clean_epochs = kSpeedrun.clean_epochs;
    apply_recipe(o, run.model.net.architecture());
    if (speedrun && !o.lr && o.optimizer == "adam") o.config.optimizer.lr = kSpeedrun.adam_lr;
  }
  run.extra = load_extra(o.teach, o.config.seed);
  // The record names this data, and the preset unless an architecture string built the network
  // (a resumed run: as its checkpoint says, whichever front end wrote it).
  const std::string preset = run.resumed ? RunDescription::load(run.resumed->info).preset : o.model.preset;
  run.description = {run.data.description, o.model.arch.empty() && o.teach.init.empty() ? preset : std::string()};
  run.info = checkpoint_info(o);
  run.description.store(run.info);
  run.recording.start({o.runs.name, o.config, run.description, to_arch_string(run.model.net.architecture()),
                       run.data.train->count, run.info},
                      run.model, run.resumed, run.change);
}

void print_plan(const TrainOptions& o, const TrainRun& run) {
  const Dataset& train = *run.data.train;
  std::printf("%s", run.model.net.summary().c_str());
  const std::size_t n = o.config.clean_epochs;
  const std::string clean = !o.config.augment || n == 0 ? ""
                            : n == 1                   ? " (the last epoch without)"
                                                       : " (the last " + std::to_string(n) + " epochs without)";
  std::printf("training on %zu samples%s, batch %zu, %s lr %g decay %g (%s schedule), %saugmentation%s, loss %s, seed %llu\n",
              train.count, run.test ? (", testing on " + std::to_string(run.test->count)).c_str() : "", o.config.batch,
              to_string(o.config.optimizer.type), static_cast<double>(o.config.optimizer.lr),
              static_cast<double>(o.config.optimizer.lr_decay), o.config.schedule.name().c_str(),
              o.config.augment ? "" : "no ", clean.c_str(), run.model.loss.c_str(),
              static_cast<unsigned long long>(o.config.seed));
  if (run.extra.active())
    std::printf("mixing %zu extra samples from %s into every batch (%zu of %zu), %zu held out\n",
                run.extra.samples->count, o.teach.extra.c_str(), extra_per_batch(o.config.batch, run.extra.share),
                o.config.batch, run.extra.holdout ? run.extra.holdout->count : std::size_t{0});
  if (run.resumed)
    std::printf("resuming %s at epoch %zu, batch %zu\n", o.resume.c_str(), run.resumed->state.epoch,
                run.resumed->state.step);
  std::fflush(stdout);
}

std::unique_ptr<std::ofstream> open_log(const std::string& path) {
  if (path.empty()) return nullptr;
  auto log = std::make_unique<std::ofstream>(path, std::ios::app);
  if (!*log) throw Error(path + ": cannot open for appending");
  return log;
}

// The progress bar, the printed epochs, the --log-json lines and the checkpoint after each epoch.
TrainCallbacks progress_callbacks(const TrainOptions& o, TrainRun& run, ProgressBar& bar, std::ofstream* log) {
  TrainCallbacks callbacks;
  callbacks.on_batch = [&bar](const BatchProgress& p) { bar.update(p); };
  callbacks.on_epoch = [&o, &bar, log](const EpochResult& r) {
    bar.clear();
    if (o.report.due(r.epoch, o.config.epochs)) {
      std::printf("%s\n", format_epoch(r, o.config.epochs).c_str());
      std::fflush(stdout);
    }
    if (log) {
      *log << r.to_json().dump() << '\n';
      log->flush();
    }
  };
  if (!run.checkpoint.empty())
    callbacks.on_checkpoint = [&o, &run](const TrainState& state) {
      try {
        save_checkpoint(run.checkpoint, run.model, o.config, state, run.info);
      } catch (const Error& e) {  // a full disk should not end hours of training
        std::fprintf(stderr, "nnfs: warning: checkpoint not saved: %s\n", e.what());
      }
    };
  return callbacks;
}

// Ctrl+C: save the run (with --checkpoint) and leave with the signal.
void stopped(const TrainOptions& o, TrainRun& run, const TrainResult& result, const InterruptFlag& interrupt) {
  const std::string where =
      "epoch " + std::to_string(result.state.epoch) + ", after batch " + std::to_string(result.state.step);
  if (run.checkpoint.empty() && run.recording.active()) {
    std::fprintf(stderr, "nnfs: %s: stopped at %s; saved as %s (continue with: nnfs train --resume %s)\n",
                 interrupt.signal_name(), where.c_str(), run.recording.describe().c_str(),
                 run.recording.resume_name().c_str());
  } else if (run.checkpoint.empty()) {
    std::fprintf(stderr, "nnfs: %s: stopped at %s; nothing saved (--checkpoint FILE keeps a resumable run)\n",
                 interrupt.signal_name(), where.c_str());
  } else {
    save_checkpoint(run.checkpoint, run.model, o.config, result.state, run.info);
    std::fprintf(stderr, "nnfs: %s: stopped at %s; checkpoint saved to %s (continue with: nnfs train --resume %s --out %s)\n",
                 interrupt.signal_name(), where.c_str(), run.checkpoint.c_str(), run.checkpoint.c_str(), o.out.c_str());
  }
  interrupt.reraise();
}

void run(TrainOptions& o) {
  InterruptFlag interrupt;  // from here on, Ctrl+C stops training after the current batch
  TrainRun run;
  prepare(o, run);
  print_plan(o, run);
  const auto log = open_log(o.log_json);
  ProgressBar bar;
  TrainCallbacks callbacks = progress_callbacks(o, run, bar, log.get());
  run.recording.add_to(callbacks, run.model, o.config, run.info);
  std::optional<TargetAccuracy> target;
  if (o.target_acc) {
    if (!run.test) throw Error("--target-acc needs test data: give --data DIR or --test FILE");
    target.emplace(*o.target_acc, run.model, *run.test, interrupt.flag());
    target->attach(callbacks);
  }
  TrainResult result;
  try {
    result = run_training(run.model, *run.data.train, run.test, o.config, callbacks,
                          target ? target->stop() : interrupt.flag(),
                          run.resumed ? &run.resumed->state : nullptr, &run.extra);
  } catch (const Error& e) {
    run.recording.failed(e.what());
    throw;
  }
  if (target) {
    bar.clear();
    std::printf("%s\n", target->summary().c_str());
  }
  if (result.stopped && !(target && target->reached())) {
    bar.clear();
    run.recording.stopped(run.model, o.config, result.state, run.info);
    stopped(o, run, result, interrupt);
  }
  // The same record the studio writes (engine/train/training_record.h).
  run.model.training = training_record(run.model, run.description, o.config, run.data.train->count,
                                       result.state.history);
  // The run is finished whatever happens to --out (a full disk there leaves a finished run).
  run.recording.finished(run.model);
  if (run.recording.active()) std::printf("recorded %s\n", run.recording.describe().c_str());
  if (!o.out.empty()) {
    save_model(o.out, run.model);
    std::printf("saved %s\n", o.out.c_str());
  }
}

}  // namespace

void add_train_command(CLI::App& app) {
  auto o = std::make_shared<TrainOptions>();
  auto* cmd = app.add_subcommand("train", "Train a model and save it as .safetensors");
  o->data.add_to(*cmd, true);
  o->model.add_to(*cmd);
  // The limits of TrainConfig::validate, so every run's checkpoint can be resumed.
  o->epochs_flag = cmd->add_option("--epochs", o->config.epochs, "Passes over the training data (speedrun preset: 6)")
      ->capture_default_str()->check(CLI::Range(std::size_t{1}, kMaxEpochs));
  o->batch_flag = cmd->add_option("--batch", o->config.batch, "Mini-batch size (speedrun preset: 64)")->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, kMaxBatch));
  cmd->add_option("--optimizer", o->optimizer, "sgd, adagrad, rmsprop, adam or adamw")
      ->check(CLI::IsMember({"sgd", "adagrad", "rmsprop", "adam", "adamw"}))->capture_default_str();
  cmd->add_option("--lr", o->lr, "Learning rate (default: the optimizer's; for adam 1e-3, 4e-3 with conv2d layers, 1e-2 for the speedrun preset)");
  cmd->add_option("--decay", o->decay, "Learning-rate decay per step: lr / (1 + decay*step)");
  cmd->add_option("--momentum", o->momentum, "SGD momentum");
  cmd->add_flag("--nesterov", o->nesterov, "Nesterov momentum (SGD)");
  cmd->add_option("--epsilon", o->epsilon, "Epsilon of adagrad, rmsprop, adam (default 1e-7)");
  cmd->add_option("--rho", o->rho, "RMSprop cache decay (default 0.9)");
  cmd->add_option("--beta1", o->beta1, "Adam beta1 (default 0.9)");
  cmd->add_option("--beta2", o->beta2, "Adam beta2 (default 0.999)");
  cmd->add_option("--weight-decay", o->weight_decay, "AdamW decoupled weight decay (default 0.01)");
  o->augment_flag = cmd->add_flag("--augment,!--no-augment", o->augment,
                                  "Random affine augmentation of training images (default: on for networks with conv2d layers)");
  cmd->add_option("--schedule", o->schedule, "Learning-rate schedule: constant, cosine or onecycle (default: onecycle for "
                                             "networks with conv2d layers, else constant)")
      ->check(CLI::IsMember({"constant", "cosine", "onecycle"}));
  cmd->add_option("--warmup", o->warmup, "Warm-up fraction of the schedule (cosine: 0, onecycle: 0.3)")
      ->check(CLI::Range(0.0, 0.99));
  cmd->add_option("--clean-epochs", o->clean_epochs,
                  "With augmentation, train the last N epochs on the images as they are (default: 1 for --model "
                  "speedrun, else 0)")
      ->check(CLI::Range(std::size_t{0}, kMaxEpochs));
  cmd->add_option("--validation-split", o->config.validation_split,
                  "Hold out this fraction of the training data for validation instead of the test set");
  cmd->add_option("--target-acc", o->target_acc,
                  "Stop as soon as the test accuracy reaches this fraction (checked every quarter epoch) "
                  "and print the time from process start")
      ->check(CLI::Range(0.0, 1.0))->excludes(cmd->get_option("--validation-split"));
  // CLI11 would read "-1" into the unsigned seed as 2^64 - 1; a negative seed is a usage error.
  cmd->add_option("--seed", o->config.seed, "Random seed (weights, shuffling), a whole number >= 0")
      ->check(whole_number_at_least(0))
      ->capture_default_str();
  o->threads_flag = cmd->add_option("--threads", o->config.threads,
                                    "Worker threads (0 = all cores; more than the machine's hardware threads "
                                    "are reduced to them, with a note)")
                        ->capture_default_str()->check(CLI::Range(0, kMaxThreads));
  cmd->add_option("--out", o->out, "Model file to write (.safetensors; the run library keeps a copy; "
                                    "required with --no-run)");
  cmd->add_option("--log-json", o->log_json, "Append one JSON object per epoch to this file");
  o->print_every_flag = cmd->add_option("--print-every", o->report.every,
                                        "Print every N-th epoch (and the first and last; default: about 20 lines)");
  cmd->add_option("--checkpoint", o->checkpoint,
                  "Save a resumable checkpoint here after every epoch and when stopped by Ctrl+C");
  auto* resume = cmd->add_option("--resume", o->resume,
                                 "Continue the run saved in this checkpoint file, or the run of the library with "
                                 "this id or name (its settings and data; a file's new checkpoints go to the same "
                                 "file unless --checkpoint is given). --epochs, --lr, --augment/--no-augment and "
                                 "--schedule change the run from where it continues (recorded in its history)");
  // A resumed run keeps its settings: only data, --threads, the output files and the four changes
  // above may be given.
  for (const char* name : {"--model", "--arch", "--loss", "--batch", "--optimizer", "--decay", "--momentum",
                           "--nesterov", "--epsilon", "--rho", "--beta1", "--beta2", "--weight-decay",
                           "--validation-split", "--seed", "--warmup", "--clean-epochs"})
    resume->excludes(cmd->get_option(name));
  o->runs.add_to(*cmd);
  add_teach_flags(*cmd, o->teach);
  for (const char* name : {"--model", "--arch", "--loss"}) o->teach.init_option->excludes(cmd->get_option(name));
  for (auto* teach : {o->teach.init_option, o->teach.extra_option, o->teach.holdout_option}) resume->excludes(teach);
  cmd->callback([o, cmd] {
    o->teach_given = {cmd->count("--epochs") > 0, cmd->count("--lr") > 0, cmd->count("--augment") + cmd->count("--no-augment") > 0,
                      cmd->count("--schedule") > 0};
    run(*o);
  });
}

}  // namespace nnfs::cli
