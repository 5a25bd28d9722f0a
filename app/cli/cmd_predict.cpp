// nnfs predict: the model's answer for every sample of a file (or of generated toy data), as CSV.
//   classification              ImageId,Label        (Kaggle's Digit Recognizer submission format)
//   one sigmoid output          Id,Label,Probability (label = [p > 0.5])
//   regression, K outputs       Id,Value  or  Id,Value1,...,ValueK
#include <string>

#include "app/cli/cli_common.h"
#include "app/cli/commands.h"
#include "engine/core/error.h"
#include "engine/data/data_source.h"
#include "engine/model/model_file.h"
#include "engine/train/evaluate.h"
#include "engine/train/metrics.h"
#include "engine/util/atomic_file.h"

namespace nnfs::cli {

namespace {
struct PredictOptions {
  std::string model, input, data, out;
};

// One CSV row per sample, 1-based ids.
std::string predictions_csv(Model& model, const Dataset& data) {
  const Task task = task_for_loss(model.loss);
  const Tensor out = predict(model, data);
  const Evaluation ev = evaluate_outputs(model, data, out);
  std::string csv;
  if (task == Task::Classification) {
    csv = "ImageId,Label\n";
    for (std::size_t i = 0; i < ev.predicted.size(); ++i)
      csv += std::to_string(i + 1) + ',' + std::to_string(ev.predicted[i]) + '\n';
    return csv;
  }
  const std::size_t k = out.cols();
  char value[32];
  if (!ev.predicted.empty()) {  // one sigmoid output
    csv = "Id,Label,Probability\n";
    for (std::size_t i = 0; i < ev.predicted.size(); ++i) {
      std::snprintf(value, sizeof value, "%.6g", static_cast<double>(out[i]));
      csv += std::to_string(i + 1) + ',' + std::to_string(ev.predicted[i]) + ',' + value + '\n';
    }
    return csv;
  }
  csv = "Id";
  for (std::size_t j = 0; j < k; ++j) csv += k == 1 ? ",Value" : ",Value" + std::to_string(j + 1);
  csv += '\n';
  for (std::size_t i = 0; i < out.rows(); ++i) {
    csv += std::to_string(i + 1);
    for (std::size_t j = 0; j < k; ++j) {
      std::snprintf(value, sizeof value, ",%.6g", static_cast<double>(out.at(i, j)));
      csv += value;
    }
    csv += '\n';
  }
  return csv;
}

void run(const PredictOptions& o) {
  Model model = load_model(o.model);
  Dataset data;
  if (!o.input.empty()) {
    data = load_samples_file(o.input);
  } else {
    LoadedData loaded = load_data(DataFlags{o.data, "", ""}, false);
    if (!loaded.test) throw Error("--data " + o.data + ": no test samples to predict");
    data = std::move(*loaded.test);
  }
  const std::string csv = predictions_csv(model, data);
  if (o.out.empty()) {
    std::fwrite(csv.data(), 1, csv.size(), stdout);
    return;
  }
  write_file_atomically(o.out, std::as_bytes(std::span(csv)));
  std::fprintf(stderr, "wrote %zu predictions to %s\n", data.count, o.out.c_str());
}
}  // namespace

void add_predict_command(CLI::App& app) {
  auto o = std::make_shared<PredictOptions>();
  auto* cmd = app.add_subcommand("predict", "Predict every sample in a CSV or IDX image file, or in the test part of --data");
  auto* input = cmd->add_option("--input", o->input, "Samples: CSV (labelled or not) or an IDX image file");
  cmd->add_option("--data", o->data, "Instead of --input: the test samples of a dataset, e.g. fashion, spiral:3:100, sine")
      ->excludes(input);
  cmd->add_option("--model", o->model, "Model file (.safetensors)")->required();
  cmd->add_option("--out", o->out, "Write the CSV here (default: standard output)");
  cmd->callback([o] {
    if (o->input.empty() && o->data.empty()) throw CLI::RequiredError("--input or --data");
    run(*o);
  });
}

}  // namespace nnfs::cli
