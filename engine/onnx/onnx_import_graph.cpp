// ONNX import, step 1: constants apart, the data nodes as one chain from input to output.
#include <set>

#include "engine/core/error.h"
#include "engine/model/architecture.h"
#include "engine/onnx/onnx_import_graph.h"
#include "engine/onnx/onnx_import_shape.h"

namespace nnfs::onnx_import {

namespace {

// Per-sample sides and sizes of the input: far above 28x28 digits, low enough that an absurd
// shape is refused before any layer is built.
constexpr std::int64_t kMaxSide = 1 << 16;
constexpr std::size_t kMaxInputSize = 1 << 24;
// Nodes: a layer can take a few (MatMul + Add, Pad + AveragePool) besides the constants.
constexpr int kMaxNodes = static_cast<int>(4 * kMaxLayers);

Shape input_shape(const onnx::ValueInfoProto& input, const std::string& path) {
  const std::string where = path + ": graph input '" + printable(input.name()) + "'";
  if (!input.type().has_tensor_type() || input.type().tensor_type().elem_type() != onnx::TensorProto::FLOAT)
    throw Error(where + ": expected a float32 tensor");
  const auto& tensor = input.type().tensor_type();
  const int rank = tensor.has_shape() ? tensor.shape().dim_size() : 0;
  if (rank != 2 && rank != 4)
    throw Error(where + ": " + std::to_string(rank) + " dimensions, expected images [N, C, H, W] or features [N, D]");
  Shape shape;
  for (int i = 1; i < rank; ++i) {
    const auto& dim = tensor.shape().dim(i);
    if (!dim.has_dim_value() || dim.dim_value() < 1 || dim.dim_value() > kMaxSide)
      throw Error(where + ": dimension " + std::to_string(i) + " must be a number from 1 to " +
                  std::to_string(kMaxSide) + (dim.has_dim_param() ? ", got '" + printable(dim.dim_param()) + "'" :
                                              dim.has_dim_value() ? ", got " + std::to_string(dim.dim_value()) : ""));
    shape.push_back(static_cast<std::size_t>(dim.dim_value()));
  }
  if (shape_size(shape) > kMaxInputSize)
    throw Error(where + ": " + shape_to_string(shape) + " per sample is too large (at most " +
                std::to_string(kMaxInputSize) + " values)");
  return shape;
}

// The value of a Constant node (attribute value, value_float(s), value_int(s)).
Constant constant_node(const onnx::NodeProto& node, const std::string& label) {
  if (node.attribute_size() != 1) throw Error(label + ": expected exactly one attribute (value)");
  const onnx::AttributeProto& a = node.attribute(0);
  Constant c;
  if (a.name() == "value" && a.type() == onnx::AttributeProto::TENSOR) return decode_tensor(a.t(), label);
  if (a.name() == "value_float" && a.type() == onnx::AttributeProto::FLOAT) {
    c.floats = {a.f()};
  } else if (a.name() == "value_floats" && a.type() == onnx::AttributeProto::FLOATS) {
    c.floats.assign(a.floats().begin(), a.floats().end());
    c.dims = {static_cast<std::int64_t>(c.floats.size())};
  } else if (a.name() == "value_int" && a.type() == onnx::AttributeProto::INT) {
    c.integer = true;
    c.ints = {a.i()};
  } else if (a.name() == "value_ints" && a.type() == onnx::AttributeProto::INTS) {
    c.integer = true;
    c.ints.assign(a.ints().begin(), a.ints().end());
    c.dims = {static_cast<std::int64_t>(c.ints.size())};
  } else {
    throw Error(label + ": attribute '" + printable(a.name()) + "' not supported, expected value (a tensor), "
                "value_float(s) or value_int(s)");
  }
  return c;
}

// Where every name is produced: node index, so a use before its producer is found.
std::map<std::string, int> producers(const onnx::GraphProto& graph, const std::string& path) {
  std::map<std::string, int> out;
  for (int i = 0; i < graph.node_size(); ++i)
    for (const std::string& name : graph.node(i).output())
      if (!name.empty() && !out.emplace(name, i).second)
        throw Error(node_label(path, i, graph.node(i)) + ": output '" + printable(name) +
                    "' is also produced by node " + std::to_string(out[name]));
  return out;
}

struct Walk {
  const onnx::GraphProto& graph;
  const std::string& path;
  std::map<std::string, int> producer;
  Chain chain;
  std::string current;  // the data tensor the next node must take
  ShapeFolder shapes;   // PyTorch's x.view(x.size(0), -1) subgraph, folded to constants
};

// Checks that input `name` of node i is defined by now; explains what is wrong if it is not.
void check_defined(const Walk& w, int i, const std::string& name, const std::string& label) {
  if (name == w.current || w.chain.constants.count(name)) return;
  auto p = w.producer.find(name);
  if (p == w.producer.end())
    throw Error(label + ": input '" + printable(name) + "' is not defined: no initializer, graph input or node "
                "gives it (a missing initializer?)");
  if (p->second >= i)
    throw Error(label + ": input '" + printable(name) + "' comes from node " + std::to_string(p->second) +
                ", which is not before it: the graph has a cycle or is not in topological order");
  throw Error(label + ": input '" + printable(name) + "' is the output of node " + std::to_string(p->second) +
              ", not of the previous layer: only a chain of layers can be imported (no branches)");
}

// The data input is the one that is `current`: input 0, or either operand of Mul and Add.
void take_node(Walk& w, int i) {
  const onnx::NodeProto& node = w.graph.node(i);
  const std::string label = node_label(w.path, i, node);
  for (const std::string& name : node.input())
    if (!name.empty()) check_defined(w, i, name, label);
  const bool commutative = node.op_type() == "Mul" || node.op_type() == "Add";
  int data_inputs = 0;
  for (int k = 0; k < node.input_size(); ++k)
    if (node.input(k) == w.current) ++data_inputs;
  const bool first = node.input_size() > 0 && node.input(0) == w.current;
  if (data_inputs != 1 || (!first && !commutative))
    throw Error(label + ": expected the previous layer's output '" + printable(w.current) +
                "' as its first input and constants for the others");
  int outputs = 0;
  for (const std::string& name : node.output()) outputs += name.empty() ? 0 : 1;
  if (outputs != 1 || node.output(0).empty())
    throw Error(label + ": " + std::to_string(outputs) + " outputs, expected 1");
  w.current = node.output(0);
  w.chain.nodes.push_back(i);
}

}  // namespace

std::string node_label(const std::string& path, int index, const onnx::NodeProto& node) {
  return path + ": node " + std::to_string(index) + " '" + printable(node.name()) + "' (op " +
         printable(node.op_type()) + ")";
}

Chain read_chain(const onnx::GraphProto& graph, const std::string& path) {
  Walk w{graph, path, {}, {}, {}, {}};
  for (const auto& init : graph.initializer()) {
    const std::string where = path + ": initializer '" + printable(init.name()) + "'";
    if (!w.chain.constants.emplace(init.name(), std::make_shared<const Constant>(decode_tensor(init, where))).second)
      throw Error(where + " is defined twice");
  }
  std::vector<const onnx::ValueInfoProto*> inputs;
  for (const auto& input : graph.input())
    if (!w.chain.constants.count(input.name())) inputs.push_back(&input);  // IR < 4 lists weights as inputs
  if (inputs.size() != 1)
    throw Error(path + ": the graph has " + std::to_string(inputs.size()) + " data inputs, expected 1 (the image)");
  if (graph.output_size() != 1)
    throw Error(path + ": the graph has " + std::to_string(graph.output_size()) + " outputs, expected 1 (the probabilities)");
  if (graph.node_size() > kMaxNodes)
    throw Error(path + ": " + std::to_string(graph.node_size()) + " nodes, expected at most " + std::to_string(kMaxNodes));
  w.chain.input = w.current = inputs[0]->name();
  w.chain.input_shape = input_shape(*inputs[0], path);
  w.chain.output = graph.output(0).name();
  w.producer = producers(graph, path);
  for (int i = 0; i < graph.node_size(); ++i) {
    const onnx::NodeProto& node = graph.node(i);
    const std::string label = node_label(path, i, node);
    if (!node.domain().empty() && node.domain() != "ai.onnx")
      throw Error(label + ": operator domain '" + printable(node.domain()) + "' not supported, expected the standard one");
    if (node.op_type() == "Constant" && node.input_size() == 0 && node.output_size() == 1) {
      w.chain.constants[node.output(0)] = std::make_shared<const Constant>(constant_node(node, label));
    } else if (node.op_type() == "Identity" && node.input_size() == 1 && node.output_size() == 1 &&
               w.chain.constants.count(node.input(0))) {
      w.chain.constants[node.output(0)] = w.chain.constants.at(node.input(0));
    } else if (!w.shapes.take(node, label, w.current, w.chain)) {
      take_node(w, i);
    }
  }
  if (w.current != w.chain.output)
    throw Error(path + ": the graph output '" + printable(w.chain.output) + "' is not the output of the last layer ('" +
                printable(w.current) + "')");
  return std::move(w.chain);
}

}  // namespace nnfs::onnx_import
