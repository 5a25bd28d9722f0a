// The ONNX library's model checker as a one-line nnfs::Error.
//
// onnx::checker::check_model throws onnx::checker::ValidationError with a message that may span
// several lines ("Field 'shape' of 'type' is required but missing.\n\n==> Context: ...").
// check_onnx_model() keeps its first line, prefixed with the file the model is for:
//   "out.onnx: the ONNX checker rejects the graph: Nodes in a graph must be topologically sorted"
// Export runs it before writing, import after parsing.
#pragma once

#include <onnx/onnx_pb.h>

#include <string>

namespace nnfs {

// Throws nnfs::Error naming `path` when the ONNX checker rejects `model`.
void check_onnx_model(const onnx::ModelProto& model, const std::string& path);

}  // namespace nnfs
