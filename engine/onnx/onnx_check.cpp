#include "engine/onnx/onnx_check.h"

#include <onnx/checker.h>

#include "engine/core/error.h"

namespace nnfs {

void check_onnx_model(const onnx::ModelProto& model, const std::string& path) {
  try {
    onnx::checker::check_model(model);
  } catch (const std::exception& e) {
    std::string reason = e.what();
    reason = reason.substr(0, reason.find('\n'));
    throw Error(path + ": the ONNX checker rejects the graph: " + printable(reason));
  }
}

}  // namespace nnfs
