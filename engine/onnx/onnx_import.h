// ONNX import: the graphs torch.onnx.export writes for sequential MLPs and CNNs, as a Model.
//
// The file is parsed with the ONNX library's protobuf classes (libonnx-dev) and then read as a
// chain: one graph input image [N, C, H, W] (or features [N, D]), one node after another, each
// taking the previous node's output plus constants (initializers, Constant nodes), ending at the
// one graph output. Each node becomes one of our layers (onnx_import_ops.h has the table):
//
//   Gemm, MatMul (+ Add)   → dense          Conv          → conv2d
//   Relu, Sigmoid, Tanh, LeakyRelu          → the activation
//   MaxPool, AveragePool   → maxpool2d, avgpool2d         BatchNormalization → batchnorm
//   Flatten, Reshape [N,-1]→ flatten        Dropout       → dropout (identity when predicting)
//   Softmax, LogSoftmax    → softmax (the last node; the model gives probabilities)
//   Identity, a zero Pad   → nothing
//
// Every attribute that changes the result is checked (strides, pads, dilations, group, auto_pad,
// axis, ...): what our layers cannot compute exactly is refused with one line naming the node,
// "m.onnx: node 3 'Conv_5' (op Conv): dilations [2, 2] not supported, expected [1, 1]", never
// imported approximately. Input scaling (pixels → inputs): when the graph starts with a Mul by a
// scalar and/or an Add of a scalar on the image (what `nnfs export` writes), those nodes are the
// model's scaling; otherwise `options.pixel_scale/offset` (torchvision's ToTensor: 1/255, 0).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "engine/model/model.h"

namespace nnfs {

struct OnnxImportOptions {
  double pixel_scale = 1.0 / 255.0;  // used when the graph has no scaling nodes of its own
  double pixel_offset = 0.0;
};

// What an import found, for the CLI's one-line summary.
struct OnnxImportInfo {
  bool scaling_from_graph = false;  // the graph began with our exporter's Mul/Add nodes
  bool log_softmax = false;         // the graph ended in LogSoftmax: the model now gives probabilities
  std::string producer;             // e.g. "pytorch 1.13.0"
};

// The largest ONNX file read (the bundled models are a few MB; protobuf's own limit is 2 GiB).
inline constexpr std::uint64_t kMaxOnnxBytes = 1ull << 30;

// Reads and converts `path`. Throws nnfs::Error with a one-line message naming the file (and the
// node) for anything unreadable or unsupported.
Model import_onnx(const std::string& path, const OnnxImportOptions& options = {},
                  OnnxImportInfo* info = nullptr);

// The same from bytes in memory; `path` names them in messages.
Model import_onnx_bytes(const void* data, std::size_t size, const std::string& path,
                        const OnnxImportOptions& options = {}, OnnxImportInfo* info = nullptr);

}  // namespace nnfs
