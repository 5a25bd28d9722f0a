// nnfs import: an ONNX model (torch.onnx.export, or our own `nnfs export`) → a model file.
#include <cstdio>

#include "app/cli/commands.h"
#include "app/cli/file_args.h"
#include "engine/core/error.h"
#include "engine/model/model_file.h"
#include "engine/onnx/onnx_import.h"

namespace nnfs::cli {

namespace {

struct ImportOptions {
  std::string in, out;
  OnnxImportOptions onnx;
  CLI::Option* scale_flag = nullptr;
  CLI::Option* offset_flag = nullptr;
};

void run(const ImportOptions& o) {
  check_scaling(o.onnx.pixel_scale, o.onnx.pixel_offset, "--pixel-scale/--pixel-offset");
  check_outputs({{"IN.onnx", o.in, ""}}, {{"--out", o.out, ""}});
  OnnxImportInfo info;
  const Model model = import_onnx(o.in, o.onnx, &info);
  save_model(o.out, model);
  const bool flags = o.scale_flag->count() > 0 || o.offset_flag->count() > 0;
  std::printf("imported %s (%s): %zu layers, %zu parameters, input %s\n", o.in.c_str(), info.producer.c_str(),
              model.net.layer_count(), model.net.param_count(), shape_to_string(model.net.input_shape()).c_str());
  std::printf("input scaling x = pixel * %g + %g (%s)\n", double(model.input_scaling.scale),
              double(model.input_scaling.offset),
              info.scaling_from_graph ? (flags ? "from the graph's first nodes; --pixel-scale/--pixel-offset ignored"
                                               : "from the graph's first nodes")
                                      : (flags ? "--pixel-scale/--pixel-offset" : "the default: torchvision's ToTensor"));
  if (info.log_softmax) std::printf("the graph ends in LogSoftmax: the model gives its exp, the probabilities\n");
  std::printf("wrote %s\n", o.out.c_str());
}

}  // namespace

void add_import_command(CLI::App& app) {
  auto o = std::make_shared<ImportOptions>();
  auto* cmd = app.add_subcommand("import", "Convert an ONNX model (e.g. from torch.onnx.export) to a model file");
  cmd->add_option("IN.onnx", o->in, "ONNX file: a sequential MLP or CNN")->required();
  cmd->add_option("--out", o->out, "Model file to write (.safetensors)")->required();
  o->scale_flag = cmd->add_option("--pixel-scale", o->onnx.pixel_scale,
                                  "Input scaling x = pixel*S + O when the graph has none (default 1/255)");
  o->offset_flag = cmd->add_option("--pixel-offset", o->onnx.pixel_offset, "See --pixel-scale (default 0)");
  cmd->callback([o] { run(*o); });
}

}  // namespace nnfs::cli
