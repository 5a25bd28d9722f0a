// nnfs evaluate: accuracy, loss and confusion matrix of a model on test data.
#include "app/cli/cli_common.h"
#include "app/cli/commands.h"
#include "engine/core/error.h"
#include "engine/data/labelled_folder.h"
#include "engine/model/model_file.h"
#include "engine/train/evaluate.h"

namespace nnfs::cli {

namespace {
struct EvaluateOptions {
  std::string model;
  DataFlags data;
  std::string input;  // --input DIR|CSV: labelled samples prepared as the canvas prepares drawings
  int threads = 0;
};

void run(const EvaluateOptions& o) {
  Model model = load_model(o.model);
  LoadedData data;
  if (!o.input.empty()) data.test = read_labelled_samples(o.input);
  else data = load_data(o.data, false);
  if (!data.test) throw Error("no test data: give --data DIR, --test FILE or --input DIR");
  const Dataset& test = *data.test;
  if (!test.labelled()) throw Error(test.source + ": evaluation needs labelled data");
  const Evaluation ev = evaluate(model, test);
  std::printf("model     %s\ndata      %s (%zu samples)\naccuracy  %.2f%%\nloss      %.6g\n", o.model.c_str(),
              test.source.c_str(), ev.count, 100.0 * ev.accuracy, ev.loss);
  if (ev.precision > 0.0)
    std::printf("precision %.6g (a prediction counts as correct within std(targets)/250 of its target)\n", ev.precision);
  if (!ev.confusion.empty()) std::printf("%s", format_confusion(ev.confusion, model.class_names).c_str());
}
}  // namespace

void add_evaluate_command(CLI::App& app) {
  auto o = std::make_shared<EvaluateOptions>();
  auto* cmd = app.add_subcommand("evaluate", "Accuracy, loss and confusion matrix of a model on test data");
  cmd->add_option("--model", o->model, "Model file (.safetensors)")->required();
  o->data.add_to(*cmd, false);
  auto* input = cmd->add_option("--input", o->input,
                                "Labelled samples: a folder of images with labels.csv (file,label), prepared as the "
                                "studio's canvas prepares drawings, or a CSV in the seed's layout");
  for (const char* name : {"--data", "--test"})
    if (auto* other = cmd->get_option_no_throw(name)) input->excludes(other);
  cmd->callback([o] { run(*o); });
}

}  // namespace nnfs::cli
