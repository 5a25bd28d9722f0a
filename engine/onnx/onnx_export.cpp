#include "engine/onnx/onnx_export.h"

#include <cstddef>
#include <span>

#include "engine/core/error.h"
#include "engine/model/architecture.h"
#include "engine/onnx/onnx_check.h"
#include "engine/util/atomic_file.h"

namespace nnfs {

namespace {

constexpr int kOpset = 13;

// Appends nodes and initializers to a graph; `current` is the name of the tensor the next
// node reads, `shape` its per-sample shape (the batch dimension N is implied).
class GraphWriter {
 public:
  GraphWriter(onnx::GraphProto& graph, std::string input, Shape shape)
      : graph_(graph), current_(std::move(input)), shape_(std::move(shape)) {}

  const Shape& shape() const { return shape_; }
  const std::string& current() const { return current_; }

  // A float initializer `name` with `dims` and `values` (copied).
  std::string constant(const std::string& name, const std::vector<std::int64_t>& dims,
                       std::span<const float> values) {
    onnx::TensorProto* t = graph_.add_initializer();
    t->set_name(name);
    t->set_data_type(onnx::TensorProto::FLOAT);
    for (std::int64_t d : dims) t->add_dims(d);
    t->mutable_float_data()->Add(values.begin(), values.end());
    return name;
  }
  std::string int_constant(const std::string& name, const std::vector<std::int64_t>& values) {
    onnx::TensorProto* t = graph_.add_initializer();
    t->set_name(name);
    t->set_data_type(onnx::TensorProto::INT64);
    t->add_dims(static_cast<std::int64_t>(values.size()));
    t->mutable_int64_data()->Add(values.begin(), values.end());
    return name;
  }

  // Adds node `op` reading the current tensor (then `extra` inputs); its output, `name`,
  // becomes the current tensor with per-sample shape `out`.
  onnx::NodeProto& node(const std::string& op, const std::string& name, const std::vector<std::string>& extra,
                        Shape out) {
    onnx::NodeProto* n = graph_.add_node();
    n->set_op_type(op);
    n->set_name(name);
    n->add_input(current_);
    for (const std::string& e : extra) n->add_input(e);
    n->add_output(name);
    current_ = name;
    shape_ = std::move(out);
    return *n;
  }

  // [N, d1, d2, ...] → [N, d1·d2·...] when the sample has more than one dimension.
  void flatten(const std::string& name) {
    if (shape_.size() <= 1) return;
    node("Flatten", name + "/flatten", {}, Shape{shape_size(shape_)}).add_attribute()->CopyFrom(int_attr("axis", 1));
  }
  // Reshapes to [N, target...] (-1 for N), unless the shape already is `target`.
  void reshape(const std::string& name, const Shape& target) {
    if (shape_ == target) return;
    std::vector<std::int64_t> dims = {-1};
    for (std::size_t d : target) dims.push_back(static_cast<std::int64_t>(d));
    node("Reshape", name, {int_constant(name + "/shape", dims)}, target);
  }

  void rename_output(const std::string& name) {
    graph_.mutable_node(graph_.node_size() - 1)->set_output(0, name);
    current_ = name;
  }

  static onnx::AttributeProto int_attr(const std::string& name, std::int64_t v) {
    onnx::AttributeProto a;
    a.set_name(name);
    a.set_type(onnx::AttributeProto::INT);
    a.set_i(v);
    return a;
  }
  static onnx::AttributeProto ints_attr(const std::string& name, const std::vector<std::int64_t>& v) {
    onnx::AttributeProto a;
    a.set_name(name);
    a.set_type(onnx::AttributeProto::INTS);
    for (std::int64_t x : v) a.add_ints(x);
    return a;
  }
  static onnx::AttributeProto float_attr(const std::string& name, float v) {
    onnx::AttributeProto a;
    a.set_name(name);
    a.set_type(onnx::AttributeProto::FLOAT);
    a.set_f(v);
    return a;
  }

 private:
  onnx::GraphProto& graph_;
  std::string current_;
  Shape shape_;
};

using Attrs = std::vector<onnx::AttributeProto>;

void add_attrs(onnx::NodeProto& n, const Attrs& attrs) {
  for (const onnx::AttributeProto& a : attrs) n.add_attribute()->CopyFrom(a);
}

// The arena entry `name` as a span (layers register "<prefix>.weight" etc.).
std::span<const float> entry(const ParamArena& arena, const std::string& name) {
  for (std::size_t i = 0; i < arena.entries().size(); ++i)
    if (arena.entries()[i].name == name) return {arena.value(i), arena.entries()[i].size};
  throw Error("ONNX export: the network has no parameter '" + name + "'");
}

std::int64_t i64(std::size_t v) { return static_cast<std::int64_t>(v); }

// Dense: y = x·W + b with W [D, K] → Gemm(x, Wᵀ [K, D], b, transB=1).
void write_dense(GraphWriter& g, const Sequential& net, std::size_t i, const std::string& name) {
  g.flatten(name);
  const std::span<const float> w = entry(net.params(), "layers." + std::to_string(i) + ".weight");
  const std::span<const float> b = entry(net.params(), "layers." + std::to_string(i) + ".bias");
  const std::size_t d = g.shape()[0], k = b.size();
  std::vector<float> wt(w.size());
  for (std::size_t r = 0; r < d; ++r)
    for (std::size_t c = 0; c < k; ++c) wt[c * d + r] = w[r * k + c];
  const std::string wn = g.constant(name + ".weight", {i64(k), i64(d)}, wt);
  const std::string bn = g.constant(name + ".bias", {i64(k)}, b);
  add_attrs(g.node("Gemm", name, {wn, bn}, {k}), {GraphWriter::int_attr("transB", 1)});
}

// A sample [H, W] is one channel: [N, 1, H, W] for the image operators.
void as_image(GraphWriter& g, const std::string& name) {
  if (g.shape().size() == 2) g.reshape(name + "/nchw", {1, g.shape()[0], g.shape()[1]});
  if (g.shape().size() != 3)
    throw Error("ONNX export: " + name + " needs an image input [C, H, W]");
}

void write_conv(GraphWriter& g, const Sequential& net, std::size_t i, const std::string& name) {
  as_image(g, name);
  const nlohmann::json c = net.layer(i).config();
  const std::string prefix = "layers." + std::to_string(i);
  const std::span<const float> w = entry(net.params(), prefix + ".weight");
  const std::int64_t co = c["filters"], kh = c["kernel"][0], kw = c["kernel"][1], s = c["stride"], p = c["padding"];
  std::vector<std::string> inputs = {g.constant(name + ".weight", {co, i64(g.shape()[0]), kh, kw}, w)};
  if (c["bias"].get<bool>()) inputs.push_back(g.constant(name + ".bias", {co}, entry(net.params(), prefix + ".bias")));
  add_attrs(g.node("Conv", name, inputs, net.shape_after(i)),
            {GraphWriter::ints_attr("kernel_shape", {kh, kw}), GraphWriter::ints_attr("strides", {s, s}),
             GraphWriter::ints_attr("pads", {p, p, p, p})});
}

void write_pool(GraphWriter& g, const Sequential& net, std::size_t i, const std::string& name) {
  as_image(g, name);
  const nlohmann::json c = net.layer(i).config();
  const std::int64_t k = c["size"], s = c["stride"];
  const std::string op = c["type"] == "maxpool2d" ? "MaxPool" : "AveragePool";
  add_attrs(g.node(op, name, {}, net.shape_after(i)),
            {GraphWriter::ints_attr("kernel_shape", {k, k}), GraphWriter::ints_attr("strides", {s, s})});
}

// BatchNorm: [C, H, W] samples have C channels, any other shape one channel per value, which is
// ONNX's channel axis 1 once flattened to [N, D].
void write_batchnorm(GraphWriter& g, const Sequential& net, std::size_t i, const std::string& name) {
  const Shape shape = g.shape();
  if ((i == 0 ? net.input_shape() : net.shape_after(i - 1)).size() != 3) g.flatten(name);
  const std::string prefix = "layers." + std::to_string(i);
  const std::int64_t c = i64(g.shape()[0]);
  std::vector<std::string> inputs;
  for (const char* part : {".weight", ".bias"})
    inputs.push_back(g.constant(name + part, {c}, entry(net.params(), prefix + part)));
  for (const char* part : {".running_mean", ".running_var"})
    inputs.push_back(g.constant(name + part, {c}, entry(net.buffers(), prefix + part)));
  const float epsilon = net.layer(i).config()["epsilon"];
  add_attrs(g.node("BatchNormalization", name, inputs, g.shape()), {GraphWriter::float_attr("epsilon", epsilon)});
  g.reshape(name + "/unflatten", shape);
}

// Softmax over each sample's values (the engine's rows): axis=1 on [N, D].
void write_softmax(GraphWriter& g, const std::string& name) {
  const Shape shape = g.shape();
  g.flatten(name);
  add_attrs(g.node("Softmax", name, {}, g.shape()), {GraphWriter::int_attr("axis", 1)});
  g.reshape(name + "/unflatten", shape);
}

// One layer: its ONNX node(s), named "layers.<i>.<type>".
void write_layer(GraphWriter& g, const Sequential& net, std::size_t i) {
  const nlohmann::json c = net.layer(i).config();
  const std::string type = c["type"];
  const std::string name = "layers." + std::to_string(i) + "." + type;
  const Shape out = net.shape_after(i);
  if (type == "dense") return write_dense(g, net, i, name);
  if (type == "conv2d") return write_conv(g, net, i, name);
  if (type == "maxpool2d" || type == "avgpool2d") return write_pool(g, net, i, name);
  if (type == "batchnorm") return write_batchnorm(g, net, i, name);
  if (type == "softmax") return write_softmax(g, name);
  if (type == "flatten") return g.flatten(name);
  if (type == "dropout" || type == "linear") return (void)g.node("Identity", name, {}, out);
  if (type == "relu") return (void)g.node("Relu", name, {}, out);
  if (type == "sigmoid") return (void)g.node("Sigmoid", name, {}, out);
  if (type == "tanh") return (void)g.node("Tanh", name, {}, out);
  if (type == "leaky_relu")
    return add_attrs(g.node("LeakyRelu", name, {}, out), {GraphWriter::float_attr("alpha", c.value("alpha", 0.01f))});
  throw Error("ONNX export: layer " + std::to_string(i) + " '" + printable(type) + "' has no ONNX equivalent");
}

void set_tensor_type(onnx::ValueInfoProto& v, const std::string& name, const Shape& sample) {
  v.set_name(name);
  auto* t = v.mutable_type()->mutable_tensor_type();
  t->set_elem_type(onnx::TensorProto::FLOAT);
  t->mutable_shape()->add_dim()->set_dim_param("N");
  for (std::size_t d : sample) t->mutable_shape()->add_dim()->set_dim_value(i64(d));
}

void add_metadata(onnx::ModelProto& proto, const std::string& key, const std::string& value) {
  onnx::StringStringEntryProto* p = proto.add_metadata_props();
  p->set_key(key);
  p->set_value(value);
}

}  // namespace

Shape onnx_input_shape(const Sequential& net) {
  const Shape& in = net.input_shape();
  return in.size() == 2 ? Shape{1, in[0], in[1]} : in;
}

onnx::ModelProto model_to_onnx(const Model& model, const std::string& path) {
  onnx::ModelProto proto;
  proto.set_ir_version(onnx::IR_VERSION_2020_5_8);  // IR 7: the version that introduced opset 13
  proto.set_producer_name("nnfs");
  proto.set_producer_version(NNFS_VERSION);
  proto.add_opset_import()->set_version(kOpset);
  onnx::GraphProto& graph = *proto.mutable_graph();
  graph.set_name("nnfs");
  const Sequential& net = model.net;
  set_tensor_type(*graph.add_input(), "image", onnx_input_shape(net));

  // The input scaling first: x = p·scale + offset, p the raw 0-255 pixel.
  GraphWriter g(graph, "image", onnx_input_shape(net));
  const float scale = model.input_scaling.scale, offset = model.input_scaling.offset;
  g.node("Mul", "input_scaling/mul", {g.constant("input_scaling.scale", {}, std::span(&scale, 1))}, g.shape());
  g.node("Add", "input_scaling/add", {g.constant("input_scaling.offset", {}, std::span(&offset, 1))}, g.shape());
  for (std::size_t i = 0; i < net.layer_count(); ++i) write_layer(g, net, i);
  if (g.current() == "input_scaling/add" || g.shape() != net.output_shape())
    g.node("Identity", "output", {}, net.output_shape());
  g.rename_output("probabilities");
  set_tensor_type(*graph.add_output(), "probabilities", net.output_shape());

  add_metadata(proto, "nnfs.class_names", nlohmann::json(model.class_names).dump());
  add_metadata(proto, "nnfs.architecture", to_arch_string(net.architecture()));
  add_metadata(proto, "nnfs.input_scaling",
               nlohmann::json{{"pixel_scale", scale}, {"pixel_offset", offset}}.dump());
  check_onnx_model(proto, path);
  return proto;
}

void export_onnx(const Model& model, const std::string& path) {
  const onnx::ModelProto proto = model_to_onnx(model, path);
  std::string bytes;
  if (!proto.SerializeToString(&bytes)) throw Error(path + ": the ONNX graph could not be serialised");
  write_file_atomically(path, std::as_bytes(std::span(bytes.data(), bytes.size())));
}

}  // namespace nnfs
