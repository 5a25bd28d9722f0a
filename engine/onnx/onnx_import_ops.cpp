// ONNX import: the table of supported ops, and the converters without weights (activations,
// pooling, reshaping, dropout, the output softmax, input scaling, no-ops).
#include <functional>
#include <map>

#include "engine/core/error.h"
#include "engine/onnx/onnx_import_ops.h"

namespace nnfs::onnx_import {

namespace {

using json = nlohmann::json;

void activation(ImportState& s, const NodeReader& n, const char* type) {
  n.allow_attributes({});
  add_layer(s, n, {{{"type", type}}, {}});
}

void leaky_relu(ImportState& s, const NodeReader& n) {
  n.allow_attributes({"alpha"});
  add_layer(s, n, {{{"type", "leaky_relu"}, {"alpha", n.float_attr("alpha", 0.01f)}}, {}});
}

// MaxPool, AveragePool: square windows, no padding, no dilation; ceil_mode only where it rounds
// nothing (the windows tile the image exactly).
void pool(ImportState& s, const NodeReader& n, const char* type) {
  if (std::string(type) == "avgpool2d")
    n.allow_attributes({"auto_pad", "ceil_mode", "count_include_pad", "kernel_shape", "pads", "strides"});
  else
    n.allow_attributes({"auto_pad", "ceil_mode", "dilations", "kernel_shape", "pads", "storage_order", "strides"});
  if (s.shape.size() != 3) n.fail("expects images [N, C, H, W], got [N, " + shape_to_string(s.shape).substr(1));
  const std::string auto_pad = n.string_attr("auto_pad", "NOTSET");
  if (auto_pad != "NOTSET" && auto_pad != "VALID") n.fail("auto_pad=" + printable(auto_pad) + " not supported, expected NOTSET or VALID");
  const std::vector<std::int64_t> pads = n.ints_attr("pads", {0, 0, 0, 0});
  if (pads != std::vector<std::int64_t>{0, 0, 0, 0}) n.fail("pads " + list_text(pads) + " not supported, expected [0, 0, 0, 0]");
  if (n.ints_attr("dilations", {1, 1}) != std::vector<std::int64_t>{1, 1})
    n.fail("dilations " + list_text(n.ints_attr("dilations", {})) + " not supported, expected [1, 1]");
  if (n.int_attr("storage_order", 0) != 0) n.fail("storage_order=1 not supported, expected 0");
  if (!n.has_attr("kernel_shape")) n.fail("kernel_shape is missing");
  const std::size_t k = square(n, "kernel_shape", n.ints_attr("kernel_shape", {}));
  const std::size_t stride = square(n, "strides", n.ints_attr("strides", {1, 1}));
  const std::int64_t ceil_mode = n.int_attr("ceil_mode", 0);
  if (ceil_mode != 0 && (ceil_mode != 1 || k > s.shape[1] || k > s.shape[2] || stride == 0 ||
                         (s.shape[1] - k) % stride != 0 || (s.shape[2] - k) % stride != 0))
    n.fail("ceil_mode=" + std::to_string(ceil_mode) + " not supported here, expected 0 (windows that do not tile " +
           shape_to_string(s.shape) + " exactly)");
  add_layer(s, n, {{{"type", type}, {"size", k}, {"stride", stride}}, {}});
}

// Flatten(axis=1) and Reshape to [N, D] (batch as 0 or -1): our flatten.
void flatten(ImportState& s, const NodeReader& n) {
  n.allow_attributes({"axis"});
  const auto rank = static_cast<std::int64_t>(s.shape.size() + 1);
  std::int64_t axis = n.int_attr("axis", 1);
  if (axis < 0) axis += rank;
  if (axis != 1) n.fail("axis=" + std::to_string(n.int_attr("axis", 1)) + " not supported, expected 1 (keep the batch)");
  add_layer(s, n, {{{"type", "flatten"}}, {}});
}

void reshape(ImportState& s, const NodeReader& n) {
  n.allow_attributes({"allowzero"});
  if (n.int_attr("allowzero", 0) != 0) n.fail("allowzero=1 not supported, expected 0");
  const Constant* shape = n.input(1);
  if (!shape || !shape->integer) n.fail("the target shape must be an int64 constant");
  const auto d = static_cast<std::int64_t>(shape_size(s.shape));
  const std::vector<std::int64_t>& t = shape->ints;
  const bool ok = t.size() == 2 && (t[0] == 0 || t[0] == -1) && (t[1] == d || (t[1] == -1 && t[0] == 0));
  if (!ok) n.fail("shape " + list_text(t) + " not supported, expected [-1, " + std::to_string(d) + "] or [0, -1] (flatten)");
  add_layer(s, n, {{{"type", "flatten"}}, {}});
}

void dropout(ImportState& s, const NodeReader& n) {
  n.allow_attributes({"ratio", "seed", "is_test"});
  float rate = n.float_attr("ratio", 0.5f);
  if (const Constant* r = n.input(1)) {
    if (r->integer || r->floats.size() != 1) n.fail("the ratio must be one float32 value");
    rate = r->floats[0];
  }
  if (n.input(2)) n.fail("a training_mode input is not supported, expected an inference graph");
  if (!(rate >= 0.0f && rate < 1.0f)) n.fail("ratio " + std::to_string(rate) + " not supported, expected 0 <= ratio < 1");
  add_layer(s, n, {{{"type", "dropout"}, {"rate", rate}}, {}});
}

// Softmax / LogSoftmax over the classes of [N, K]: the model's output.
void softmax(ImportState& s, const NodeReader& n, bool last) {
  n.allow_attributes({"axis"});
  if (!last) n.fail("must be the last node (the model's output)");
  if (s.shape.size() != 1) n.fail("expects scores [N, K], got [N, " + shape_to_string(s.shape).substr(1));
  const std::int64_t axis = n.int_attr("axis", n.opset() < 13 ? 1 : -1);
  if (axis != 1 && axis != -1) n.fail("axis=" + std::to_string(axis) + " not supported, expected 1 (the classes)");
  s.log_softmax = n.op() == "LogSoftmax";
  add_layer(s, n, {{{"type", "softmax"}}, {}});
}

// A scalar constant operand of Mul or Add (the other operand is the data).
float scalar(const NodeReader& n) {
  const Constant* c = n.input(n.input_is_data(0) ? 1 : 0);
  if (!c || c->integer || c->floats.size() != 1) n.fail("expected one float32 value");
  return c->floats[0];
}

// Mul then Add on the image (x = p·scale + offset): our exporter's input scaling. Add right after
// a MatMul: that layer's bias.
void mul(ImportState& s, const NodeReader& n) {
  n.allow_attributes({});
  if (!s.at_start || s.has_scale || s.has_offset) n.fail("not supported here (only as the input scaling, first in the graph)");
  s.scale = scalar(n);
  s.has_scale = true;
}

void add(ImportState& s, const NodeReader& n) {
  n.allow_attributes({});
  if (s.matmul_open) {
    const Constant* c = n.input(n.input_is_data(0) ? 1 : 0);
    ImportedLayer& dense = s.layers.back();
    const std::size_t k = dense.tensors["bias"].values.size();
    if (!c || c->integer || c->floats.size() != k) n.fail("the bias must be " + std::to_string(k) + " float32 values");
    dense.tensors["bias"].values = c->floats;
    s.matmul_open = false;
    return;
  }
  if (!s.at_start || s.has_offset) n.fail("not supported here (only as a MatMul's bias or the input scaling)");
  s.offset = scalar(n);
  s.has_offset = true;
}

// Pad with zero pads (PyTorch writes one before AveragePool): nothing to do.
void pad(ImportState& s, const NodeReader& n) {
  n.allow_attributes({"mode", "pads", "value"});
  std::vector<std::int64_t> pads = n.ints_attr("pads", {});
  if (const Constant* p = n.input(1)) {
    if (!p->integer) n.fail("the pads must be int64");
    pads = p->ints;
  }
  for (std::int64_t v : pads)
    if (v != 0) n.fail("pads " + list_text(pads) + " not supported, expected all 0 (padding belongs in Conv)");
  s.matmul_open = false;
}

using Converter = std::function<void(ImportState&, const NodeReader&, bool last)>;

const std::map<std::string, Converter>& converters() {
  static const std::map<std::string, Converter> table = {
      {"Gemm", [](ImportState& s, const NodeReader& n, bool) { import_gemm(s, n); }},
      {"MatMul", [](ImportState& s, const NodeReader& n, bool) { import_matmul(s, n); }},
      {"Add", [](ImportState& s, const NodeReader& n, bool) { add(s, n); }},
      {"Mul", [](ImportState& s, const NodeReader& n, bool) { mul(s, n); }},
      {"Conv", [](ImportState& s, const NodeReader& n, bool) { import_conv(s, n); }},
      {"BatchNormalization", [](ImportState& s, const NodeReader& n, bool) { import_batchnorm(s, n); }},
      {"Relu", [](ImportState& s, const NodeReader& n, bool) { activation(s, n, "relu"); }},
      {"Sigmoid", [](ImportState& s, const NodeReader& n, bool) { activation(s, n, "sigmoid"); }},
      {"Tanh", [](ImportState& s, const NodeReader& n, bool) { activation(s, n, "tanh"); }},
      {"LeakyRelu", [](ImportState& s, const NodeReader& n, bool) { leaky_relu(s, n); }},
      {"MaxPool", [](ImportState& s, const NodeReader& n, bool) { pool(s, n, "maxpool2d"); }},
      {"AveragePool", [](ImportState& s, const NodeReader& n, bool) { pool(s, n, "avgpool2d"); }},
      {"Flatten", [](ImportState& s, const NodeReader& n, bool) { flatten(s, n); }},
      {"Reshape", [](ImportState& s, const NodeReader& n, bool) { reshape(s, n); }},
      {"Dropout", [](ImportState& s, const NodeReader& n, bool) { dropout(s, n); }},
      {"Softmax", [](ImportState& s, const NodeReader& n, bool last) { softmax(s, n, last); }},
      {"LogSoftmax", [](ImportState& s, const NodeReader& n, bool last) { softmax(s, n, last); }},
      {"Pad", [](ImportState& s, const NodeReader& n, bool) { pad(s, n); }},
      {"Identity", [](ImportState& s, const NodeReader& n, bool) { n.allow_attributes({}); s.matmul_open = false; }},
  };
  return table;
}

}  // namespace

void import_node(ImportState& state, const NodeReader& node, bool last) {
  auto it = converters().find(node.op());
  if (it == converters().end()) {
    std::string known;
    for (const auto& [name, _] : converters()) known += (known.empty() ? "" : ", ") + name;
    node.fail("not supported, expected one of " + known);
  }
  it->second(state, node, last);
}

}  // namespace nnfs::onnx_import
