// ONNX export: a Model as a self-contained ONNX graph (opset 13) that any ONNX runtime can run.
//
//   image [N, input...] float32, raw pixels 0-255 ([N, 1, H, W] for a model of [H, W] samples)
//     → Mul(scale) → Add(offset)                  the model's input scaling (PixelScaling)
//     → one node (or a few) per layer             see docs/ONNX.md for the mapping
//     → probabilities [N, K]                      the model's output
//
// Dense becomes Gemm with transB=1 (weights written [K, D]), the layout every runtime reads
// (OpenCV 4.6 refuses transB=0); Softmax uses axis=1 on [N, K], which reads the same under the
// pre- and post-opset-13 rules. Dropout is an Identity. Class names, the nnfs architecture string
// and the input scaling go into metadata_props ("nnfs.class_names", "nnfs.architecture",
// "nnfs.input_scaling"), so nothing outside the file is needed to use it.
#pragma once

#include <onnx/onnx_pb.h>

#include <string>

#include "engine/model/model.h"

namespace nnfs {

// The graph input's per-sample shape: the model's, with a sample [H, W] given its one channel
// ([1, H, W]: the same values in the same order), as image runtimes expect.
Shape onnx_input_shape(const Sequential& net);

// The graph for `model`, checked by the ONNX checker (errors name `path`). Throws nnfs::Error
// for a layer with no ONNX equivalent.
onnx::ModelProto model_to_onnx(const Model& model, const std::string& path);

// model_to_onnx, then written to `path` atomically (engine/util/atomic_file.h).
void export_onnx(const Model& model, const std::string& path);

}  // namespace nnfs
