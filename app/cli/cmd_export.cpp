// nnfs export: a model file as an ONNX graph that other runtimes run (engine/onnx/onnx_export.h).
#include <cstdio>

#include "app/cli/commands.h"
#include "app/cli/file_args.h"
#include "engine/model/model_file.h"
#include "engine/onnx/onnx_export.h"

namespace nnfs::cli {

namespace {
struct ExportOptions {
  std::string model, onnx;
};

void run(const ExportOptions& o) {
  check_outputs({{"--model", o.model, ""}}, {{"--onnx", o.onnx, ""}});
  const Model model = load_model(o.model);
  export_onnx(model, o.onnx);
  Shape in = onnx_input_shape(model.net), out = model.net.output_shape();
  in.insert(in.begin(), 0);
  out.insert(out.begin(), 0);
  // "[N, 1, 28, 28]": the batch dimension is symbolic.
  const auto text = [](const Shape& s) { return "[N" + shape_to_string(s).substr(2); };
  std::printf("wrote %s (ONNX opset 13): input 'image' %s, raw pixels 0-255; output 'probabilities' %s\n",
              o.onnx.c_str(), text(in).c_str(), text(out).c_str());
}
}  // namespace

void add_export_command(CLI::App& app) {
  auto o = std::make_shared<ExportOptions>();
  auto* cmd = app.add_subcommand("export", "Write a model as ONNX, for OpenCV, ONNX Runtime and other runtimes");
  cmd->add_option("--model", o->model, "Model file (.safetensors)")->required();
  cmd->add_option("--onnx", o->onnx, "Output ONNX file")->required();
  cmd->footer("The graph takes raw pixels (0-255) and starts with the model's input scaling;\n"
              "class names and the architecture are in its metadata (docs/ONNX.md).");
  cmd->callback([o] { run(*o); });
}

}  // namespace nnfs::cli
