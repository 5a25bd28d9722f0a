// ONNX import, step 2: each node of the chain → one of our layers (or nothing, or input scaling),
// the per-sample shape followed along so every weight is checked against what it multiplies.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/core/tensor.h"
#include "engine/onnx/onnx_import_node.h"

namespace nnfs::onnx_import {

// A tensor in our layout, e.g. a dense weight [D, K].
struct Weights {
  Shape shape;
  std::vector<float> values;
};

// One layer: its architecture entry and its tensors by name suffix ("weight", "running_mean", ...).
struct ImportedLayer {
  nlohmann::json config;
  std::map<std::string, Weights> tensors;
};

struct ImportState {
  Shape shape;                        // per-sample shape of the chain's current value
  std::vector<ImportedLayer> layers;
  bool at_start = true;               // only input scaling so far
  bool has_scale = false, has_offset = false;
  float scale = 1.0f, offset = 0.0f;  // x = pixel·scale + offset, from the graph's first nodes
  bool matmul_open = false;           // the last layer is a MatMul's dense whose bias an Add may give
  bool log_softmax = false;
};

// Converts one node; `last` is true for the node that gives the graph output.
void import_node(ImportState& state, const NodeReader& node, bool last);

// The converters with weights (onnx_import_layers.cpp), called by import_node.
void import_gemm(ImportState& state, const NodeReader& node);
void import_matmul(ImportState& state, const NodeReader& node);
void import_conv(ImportState& state, const NodeReader& node);
void import_batchnorm(ImportState& state, const NodeReader& node);
// Appends a layer and moves the shape past it; errors from our layer name the node.
void add_layer(ImportState& state, const NodeReader& node, ImportedLayer layer);
// The two sides of a spatial window attribute ([a, b] from kernel_shape, strides, ...) when they
// are equal; refuses anything else.
std::size_t square(const NodeReader& node, const char* name, const std::vector<std::int64_t>& values);

}  // namespace nnfs::onnx_import
