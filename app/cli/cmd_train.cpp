// nnfs train: build a model from a preset, train it, write it as .safetensors.
#include <fstream>
#include <memory>

#include "app/cli/cli_common.h"
#include "app/cli/commands.h"
#include "engine/core/error.h"
#include "engine/model/model_file.h"
#include "engine/train/trainer.h"

namespace nnfs::cli {

namespace {

struct TrainOptions {
  DataFlags data;
  std::string preset = "mlp";
  std::string optimizer = "adam";
  std::optional<float> lr, decay, momentum, epsilon, rho, beta1, beta2, weight_decay;
  bool nesterov = false;
  TrainConfig config;
  std::string out;
  std::string log_json;
};

OptimizerConfig optimizer_config(const TrainOptions& o) {
  OptimizerConfig c = OptimizerConfig::defaults(o.optimizer);
  if (o.preset == "mlp" && o.optimizer == "adam") c.lr = 1e-3f;
  auto set = [](float& field, const std::optional<float>& v) { if (v) field = *v; };
  set(c.lr, o.lr);
  set(c.decay, o.decay);
  set(c.momentum, o.momentum);
  set(c.epsilon, o.epsilon);
  set(c.rho, o.rho);
  set(c.beta1, o.beta1);
  set(c.beta2, o.beta2);
  set(c.weight_decay, o.weight_decay);
  c.nesterov = o.nesterov;
  return c;
}

void run(TrainOptions& o) {
  o.config.optimizer = optimizer_config(o);
  o.config.validate();
  LoadedData data = load_data(o.data, true);
  const Dataset& train = *data.train;
  const Dataset* test = data.test ? &*data.test : nullptr;
  if (train.num_classes() == 0) throw Error(train.source + ": dataset has no classes");

  Model model;
  model.net = Sequential::from_architecture(train.sample_shape, preset_architecture(o.preset, train.num_classes()));
  model.net.init(o.config.seed);
  model.class_names = train.class_names;
  std::printf("%s", model.net.summary().c_str());
  std::printf("training on %zu samples%s, batch %zu, %s lr %g, seed %llu\n", train.count,
              test ? (", testing on " + std::to_string(test->count)).c_str() : "", o.config.batch,
              o.config.optimizer.type.c_str(), static_cast<double>(o.config.optimizer.lr),
              static_cast<unsigned long long>(o.config.seed));
  std::fflush(stdout);

  std::unique_ptr<std::ofstream> log;
  if (!o.log_json.empty()) {
    log = std::make_unique<std::ofstream>(o.log_json, std::ios::app);
    if (!*log) throw Error(o.log_json + ": cannot open for appending");
  }

  ProgressBar bar;
  TrainCallbacks callbacks;
  callbacks.on_batch = [&](const BatchProgress& p) { bar.update(p); };
  callbacks.on_epoch = [&](const EpochResult& r) {
    bar.clear();
    std::printf("%s\n", format_epoch(r, o.config.epochs).c_str());
    std::fflush(stdout);
    if (log) {
      *log << r.to_json().dump() << '\n';
      log->flush();
    }
  };
  TrainResult result = run_training(model, train, test, o.config, callbacks);

  // The training record: no wall-clock times, so identical runs write identical files.
  nlohmann::json history = nlohmann::json::array();
  for (const auto& r : result.epochs) {
    nlohmann::json h = r.to_json();
    h.erase("seconds");
    history.push_back(h);
  }
  model.training = {{"dataset", data.description}, {"preset", o.preset}, {"config", o.config.to_json()},
                    {"history", history}, {"train_samples", train.count}};
  if (!result.epochs.empty() && result.epochs.back().test_acc)
    model.training["test_accuracy"] = *result.epochs.back().test_acc;
  save_model(o.out, model);
  std::printf("saved %s\n", o.out.c_str());
}

}  // namespace

void add_train_command(CLI::App& app) {
  auto o = std::make_shared<TrainOptions>();
  auto* cmd = app.add_subcommand("train", "Train a model and save it as .safetensors");
  o->data.add_to(*cmd, true);
  cmd->add_option("--model", o->preset, "Model preset")->check(CLI::IsMember({"mlp"}))->capture_default_str();
  cmd->add_option("--epochs", o->config.epochs, "Passes over the training data")->capture_default_str()->check(CLI::PositiveNumber);
  cmd->add_option("--batch", o->config.batch, "Mini-batch size")->capture_default_str()->check(CLI::PositiveNumber);
  cmd->add_option("--optimizer", o->optimizer, "sgd, adagrad, rmsprop, adam or adamw")
      ->check(CLI::IsMember({"sgd", "adagrad", "rmsprop", "adam", "adamw"}))->capture_default_str();
  cmd->add_option("--lr", o->lr, "Learning rate (default: the optimizer's; 1e-3 for adam)");
  cmd->add_option("--decay", o->decay, "Learning-rate decay per step: lr / (1 + decay*step)");
  cmd->add_option("--momentum", o->momentum, "SGD momentum");
  cmd->add_flag("--nesterov", o->nesterov, "Nesterov momentum (SGD)");
  cmd->add_option("--epsilon", o->epsilon, "Epsilon of adagrad, rmsprop, adam (default 1e-7)");
  cmd->add_option("--rho", o->rho, "RMSprop cache decay (default 0.9)");
  cmd->add_option("--beta1", o->beta1, "Adam beta1 (default 0.9)");
  cmd->add_option("--beta2", o->beta2, "Adam beta2 (default 0.999)");
  cmd->add_option("--weight-decay", o->weight_decay, "AdamW decoupled weight decay (default 0.01)");
  cmd->add_option("--validation-split", o->config.validation_split,
                  "Hold out this fraction of the training data for validation instead of the test set");
  cmd->add_option("--seed", o->config.seed, "Random seed (weights, shuffling)")->capture_default_str();
  cmd->add_option("--threads", o->config.threads, "Worker threads (0 = all cores)")->capture_default_str();
  cmd->add_option("--out", o->out, "Model file to write (.safetensors)")->required();
  cmd->add_option("--log-json", o->log_json, "Append one JSON object per epoch to this file");
  cmd->callback([o] { run(*o); });
}

}  // namespace nnfs::cli
