// ONNX import, step 1: the graph as a chain. Decodes the constants (initializers, Constant
// nodes, Identity of a constant) and checks that the remaining nodes form one path from the graph
// input to the graph output, each node taking the previous node's output (plus constants).
// Branches, cycles, nodes out of order and undefined names are one-line errors naming the node.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <onnx/onnx_pb.h>

#include "engine/core/tensor.h"

namespace nnfs::onnx_import {

// A decoded constant: float32 values (weights) or int64 values (shapes, pads).
struct Constant {
  std::vector<std::int64_t> dims;
  std::vector<float> floats;        // data_type FLOAT
  std::vector<std::int64_t> ints;   // data_type INT64
  bool integer = false;
  std::size_t count() const { return integer ? ints.size() : floats.size(); }
};

// Decodes a TensorProto stored in the file; `where` starts every error message.
Constant decode_tensor(const onnx::TensorProto& tensor, const std::string& where);

struct Chain {
  std::string input;        // the graph input's name
  Shape input_shape;        // per sample, the batch dimension dropped: [C, H, W] or [D]
  std::string output;       // the graph output's name
  std::vector<int> nodes;   // indices of the data nodes in graph order
  // Shared: an Identity of a constant names the same data, never a copy of it.
  std::map<std::string, std::shared_ptr<const Constant>> constants;
};

// "PATH: node I 'NAME' (op OP)": how messages name a node (I counts from 0 in file order).
std::string node_label(const std::string& path, int index, const onnx::NodeProto& node);

Chain read_chain(const onnx::GraphProto& graph, const std::string& path);

}  // namespace nnfs::onnx_import
