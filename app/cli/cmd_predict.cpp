// nnfs predict: class predictions for a file of samples, in Kaggle's submission format.
#include <string>

#include "app/cli/commands.h"
#include "engine/data/data_source.h"
#include "engine/model/model_file.h"
#include "engine/train/evaluate.h"
#include "engine/util/atomic_file.h"

namespace nnfs::cli {

namespace {
struct PredictOptions {
  std::string model, input, out;
};

void run(const PredictOptions& o) {
  Model model = load_model(o.model);
  const Dataset data = load_samples_file(o.input);
  const Evaluation ev = evaluate(model, data);
  // ImageId,Label with 1-based ids (Kaggle's Digit Recognizer submission format).
  std::string csv = "ImageId,Label\n";
  csv.reserve(csv.size() + 8 * ev.predicted.size());
  for (std::size_t i = 0; i < ev.predicted.size(); ++i)
    csv += std::to_string(i + 1) + ',' + std::to_string(ev.predicted[i]) + '\n';
  if (o.out.empty()) {
    std::fwrite(csv.data(), 1, csv.size(), stdout);
    return;
  }
  write_file_atomically(o.out, std::as_bytes(std::span(csv)));
  std::fprintf(stderr, "wrote %zu predictions to %s\n", ev.predicted.size(), o.out.c_str());
}
}  // namespace

void add_predict_command(CLI::App& app) {
  auto o = std::make_shared<PredictOptions>();
  auto* cmd = app.add_subcommand("predict", "Predict the class of every sample in a CSV or IDX image file");
  cmd->add_option("--model", o->model, "Model file (.safetensors)")->required();
  cmd->add_option("--input", o->input, "Samples: CSV (labelled or not) or an IDX image file")->required();
  cmd->add_option("--out", o->out, "Write ImageId,Label rows here (default: standard output)");
  cmd->callback([o] { run(*o); });
}

}  // namespace nnfs::cli
