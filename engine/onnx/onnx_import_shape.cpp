// ONNX import: the Shape → Gather/Slice → Unsqueeze → Concat subgraph folded to Reshape's [0, -1].
#include "engine/onnx/onnx_import_shape.h"

#include <limits>

#include "engine/core/error.h"

namespace nnfs::onnx_import {

namespace {

constexpr std::int64_t kBatch = std::numeric_limits<std::int64_t>::min();
const char* const kExpected = "expected Shape → Gather(0) → Unsqueeze → Concat → Reshape to [N, -1]";

// Constant input k as int64 values; `what` names it in the message.
const std::vector<std::int64_t>& ints_input(const NodeReader& n, int k, const char* what) {
  const Constant* c = n.input(k);
  if (!c || !c->integer) n.fail(std::string(what) + " must be an int64 constant");
  return c->ints;
}

// Optional constant input k (Slice's axes and steps) must be `[value]` when given.
void require_single(const NodeReader& n, int k, const char* what, std::int64_t value) {
  if (n.node().input_size() <= k || n.node().input(k).empty()) return;
  const std::vector<std::int64_t>& v = ints_input(n, k, what);
  if (v != std::vector<std::int64_t>{value})
    n.fail(std::string(what) + " " + list_text(v) + " not supported, expected [" + std::to_string(value) + "]");
}

}  // namespace

ShapeFolder::Value ShapeFolder::gather(const NodeReader& n, const Value& in) const {
  n.allow_attributes({"axis"});
  if (n.int_attr("axis", 0) != 0) n.fail("axis " + std::to_string(n.int_attr("axis", 0)) + " not supported, expected 0");
  const std::vector<std::int64_t>& index = ints_input(n, 1, "the index");
  const Constant* c = n.input(1);
  if (index != std::vector<std::int64_t>{0})
    n.fail("index " + list_text(index) + " of a shape not supported, " + kExpected);
  if (!in.whole_shape) n.fail(std::string("the input is not a Shape, ") + kExpected);
  return {false, c->dims.empty(), {kBatch}};
}

ShapeFolder::Value ShapeFolder::slice(const NodeReader& n, const Value& in) const {
  n.allow_attributes({});
  if (!in.whole_shape) n.fail(std::string("the input is not a Shape, ") + kExpected);
  const std::vector<std::int64_t>& starts = ints_input(n, 1, "starts");
  const std::vector<std::int64_t>& ends = ints_input(n, 2, "ends");
  if (starts != std::vector<std::int64_t>{0} || ends != std::vector<std::int64_t>{1})
    n.fail("starts " + list_text(starts) + ", ends " + list_text(ends) + " not supported, expected [0] and [1] (the batch size)");
  require_single(n, 3, "axes", 0);
  require_single(n, 4, "steps", 1);
  return {false, false, {kBatch}};
}

ShapeFolder::Value ShapeFolder::unsqueeze(const NodeReader& n, const Value& in) const {
  n.allow_attributes({"axes"});
  const std::vector<std::int64_t> axes =
      n.has_attr("axes") ? n.ints_attr("axes", {}) : ints_input(n, 1, "axes");
  if (axes != std::vector<std::int64_t>{0}) n.fail("axes " + list_text(axes) + " not supported, expected [0]");
  if (!in.scalar) n.fail(std::string("the input is not a scalar batch size, ") + kExpected);
  return {false, false, in.dims};
}

// Concatenates symbolic vectors and int64 constants; the batch size must come first and only there.
Constant ShapeFolder::concat(const NodeReader& n, const Chain& chain) const {
  n.allow_attributes({"axis"});
  if (n.int_attr("axis", 0) != 0) n.fail("axis " + std::to_string(n.int_attr("axis", 0)) + " not supported, expected 0");
  Constant out;
  out.integer = true;
  for (const std::string& name : n.node().input()) {
    auto v = values_.find(name);
    const auto c = chain.constants.find(name);
    if (v != values_.end() && !v->second.whole_shape && !v->second.scalar) {
      out.ints.insert(out.ints.end(), v->second.dims.begin(), v->second.dims.end());
    } else if (c != chain.constants.end() && c->second->integer && c->second->dims.size() == 1) {
      out.ints.insert(out.ints.end(), c->second->ints.begin(), c->second->ints.end());
    } else {
      n.fail("input '" + printable(name) + "' is neither the batch size as a vector nor an int64 vector constant, " +
             kExpected);
    }
  }
  for (std::size_t i = 0; i < out.ints.size(); ++i)
    if (out.ints[i] == kBatch) {
      if (i != 0) n.fail("the batch size at position " + std::to_string(i) + " of the shape, expected it first ([N, -1])");
      out.ints[i] = 0;  // Reshape's "copy the input's dimension": N
    }
  out.dims = {static_cast<std::int64_t>(out.ints.size())};
  return out;
}

bool ShapeFolder::take(const onnx::NodeProto& node, const std::string& label, const std::string& data, Chain& chain) {
  const std::string& op = node.op_type();
  const bool shape_of_data = op == "Shape" && node.input_size() == 1 && node.input(0) == data;
  bool from_shape = false;
  for (const std::string& name : node.input()) from_shape = from_shape || is_symbolic(name);
  if (!shape_of_data && !from_shape) return false;
  const NodeReader n(node, label, chain, 0);
  if (node.output_size() != 1 || node.output(0).empty()) n.fail("expected 1 output");
  const std::string& out = node.output(0);
  if (shape_of_data) {
    n.allow_attributes({});
    values_[out] = {true, false, {}};
  } else if (op == "Gather" || op == "Slice" || op == "Unsqueeze") {
    if (node.input_size() > (op == "Slice" ? 5 : 2)) n.fail("too many inputs (" + std::to_string(node.input_size()) + ")");
    if (!is_symbolic(node.input(0))) n.fail(std::string("a shape value must be its first input, ") + kExpected);
    const Value& in = values_.at(node.input(0));
    values_[out] = op == "Gather" ? gather(n, in) : op == "Slice" ? slice(n, in) : unsqueeze(n, in);
  } else if (op == "Concat") {
    chain.constants[out] = std::make_shared<const Constant>(concat(n, chain));
  } else {
    n.fail(std::string("takes a shape computed from the data, ") + kExpected);
  }
  return true;
}

}  // namespace nnfs::onnx_import
