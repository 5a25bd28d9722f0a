// nnfs info: what a model file holds.
#include "app/cli/commands.h"
#include "engine/model/architecture.h"
#include "engine/model/model_file.h"
#include "engine/train/metrics.h"

namespace nnfs::cli {

namespace {

using json = nlohmann::json;

const char* task_text(Task task) {
  switch (task) {
    case Task::Classification: return "classification (accuracy: the most probable class is the label)";
    case Task::Binary: return "binary logistic regression (accuracy: output > 0.5 matches the 0/1 label)";
    case Task::Regression: return "regression (accuracy: |prediction - target| < std(targets)/250)";
  }
  return "";
}

// "adam lr 0.05 decay 5e-07 beta1 0.9 ..." from the optimizer's JSON (numbers are floats).
std::string optimizer_text(const json& o) {
  std::string out = o.value("type", std::string("?"));
  char number[32];
  for (const char* key : {"lr", "decay", "momentum", "nesterov", "rho", "beta1", "beta2", "epsilon", "weight_decay"}) {
    if (!o.contains(key)) continue;
    if (o[key].is_number()) std::snprintf(number, sizeof number, "%g", static_cast<double>(o[key].get<float>()));
    else std::snprintf(number, sizeof number, "%s", o[key].dump().c_str());
    out += std::string(" ") + key + " " + number;
  }
  return out;
}

// The readable part of the training record (the full record follows as JSON). The file is
// untrusted: a record of unexpected shape gives no summary rather than an error.
std::string training_summary(const json& t) {
  char line[512];
  std::string out;
  try {
    const json config = t.value("config", json::object());
    std::snprintf(line, sizeof line, "trained on   %s, %zu samples, %zu epochs, batch %zu, seed %llu\n",
                  t.value("dataset", std::string("?")).c_str(), t.value("train_samples", std::size_t{0}),
                  config.value("epochs", std::size_t{0}), config.value("batch", std::size_t{0}),
                  config.value("seed", 0ull));
    out += line;
    if (config.contains("optimizer")) out += "optimizer    " + optimizer_text(config["optimizer"]) + "\n";
    const json history = t.value("history", json::array());
    if (history.empty() || !history.back().is_object()) return out;
    const json& last = history.back();
    auto number = [&](const char* key) { return last.value(key, 0.0); };
    std::snprintf(line, sizeof line, "last epoch   %zu: train acc %.2f%% loss %.4f", last.value("epoch", std::size_t{0}),
                  100.0 * number("train_acc"), number("train_loss"));
    out += line;
    if (last.contains("test_acc") && last["test_acc"].is_number()) {
      std::snprintf(line, sizeof line, ", test acc %.2f%% loss %.4f", 100.0 * number("test_acc"), number("test_loss"));
      out += line;
    }
    return out + "\n";
  } catch (const json::exception&) {
    return "";
  }
}

// The record as JSON, but the per-batch losses (thousands of values) as a count and their range.
json record_for_display(json t) {
  auto it = t.find("batch_loss");
  if (it == t.end() || !it->is_array() || it->empty()) return t;
  const json& first = it->front();
  const json& last = it->back();
  *it = std::to_string(it->size()) + " values, from " + first.dump() + " to " + last.dump();
  return t;
}

void run(const std::string& path) {
  Model model = load_model(path);
  std::printf("model        %s\n", path.c_str());
  std::printf("input shape  %s\n", shape_to_string(model.net.input_shape()).c_str());
  std::printf("arch         %s\n", to_arch_string(model.net.architecture()).c_str());
  std::printf("loss         %s\n", model.loss.c_str());
  std::printf("task         %s\n", task_text(task_for_loss(model.loss)));
  std::string classes;
  for (const auto& c : model.class_names) classes += (classes.empty() ? "" : ", ") + c;
  if (!classes.empty()) std::printf("classes      %s\n", classes.c_str());
  if (model.training.is_object()) std::printf("%s", training_summary(model.training).c_str());
  std::printf("\n%s\n", model.net.summary().c_str());
  std::printf("architecture %s\n", model.net.architecture().dump().c_str());
  if (!model.training.empty()) std::printf("training     %s\n", record_for_display(model.training).dump(2).c_str());
}

}  // namespace

void add_info_command(CLI::App& app) {
  auto path = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand("info", "Show a model's architecture, loss, task, parameter count and training record");
  cmd->add_option("--model", *path, "Model file (.safetensors)")->required();
  cmd->callback([path] { run(*path); });
}

}  // namespace nnfs::cli
