// nnfs info: what a model file holds.
#include "app/cli/commands.h"
#include "engine/model/model_file.h"

namespace nnfs::cli {

namespace {
void run(const std::string& path) {
  Model model = load_model(path);
  std::printf("model        %s\n", path.c_str());
  std::printf("input shape  %s\n", shape_to_string(model.net.input_shape()).c_str());
  std::printf("loss         %s\n", model.loss.c_str());
  std::string classes;
  for (const auto& c : model.class_names) classes += (classes.empty() ? "" : ", ") + c;
  std::printf("classes      %s\n\n%s\n", classes.c_str(), model.net.summary().c_str());
  std::printf("architecture %s\n", model.net.architecture().dump().c_str());
  if (!model.training.empty()) std::printf("training     %s\n", model.training.dump(2).c_str());
}
}  // namespace

void add_info_command(CLI::App& app) {
  auto path = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand("info", "Show a model's architecture, parameter count and metadata");
  cmd->add_option("--model", *path, "Model file (.safetensors)")->required();
  cmd->callback([path] { run(*path); });
}

}  // namespace nnfs::cli
