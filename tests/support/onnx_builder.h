// OnnxBuilder: small ONNX graphs written in a test, good ones and broken ones, without PyTorch.
// Each call appends a node that takes the current value (plus named constants) and makes its
// output the current value; bytes() sets the graph output and serialises.
//
//   OnnxBuilder b({1, 28, 28});      // image [N, 1, 28, 28]
//   b.node("Flatten");
//   b.gemm(784, 10);                 // weights [10, 784], transB=1, as torch.onnx.export writes
//   b.node("Softmax");
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <onnx/onnx_pb.h>

namespace nnfs::test {

class OnnxBuilder {
 public:
  // `sample` is the input's shape without the batch dimension, which is symbolic ("N").
  explicit OnnxBuilder(const std::vector<std::int64_t>& sample, std::int64_t opset = 14) {
    model_.set_ir_version(7);
    model_.set_producer_name("nnfs-test");
    auto* op = model_.add_opset_import();
    op->set_domain("");
    op->set_version(opset);
    graph_ = model_.mutable_graph();
    graph_->set_name("test");
    auto* shape = add_value(graph_->add_input(), "image");
    shape->add_dim()->set_dim_param("N");
    for (std::int64_t d : sample) shape->add_dim()->set_dim_value(d);
  }

  onnx::ModelProto& model() { return model_; }
  onnx::GraphProto& graph() { return *graph_; }
  const std::string& current() const { return current_; }

  // A float32 initializer; values default to a small deterministic pattern.
  onnx::TensorProto& constant(const std::string& name, const std::vector<std::int64_t>& dims,
                              std::vector<float> values = {}) {
    std::int64_t count = 1;
    for (std::int64_t d : dims) count *= d;
    if (values.empty())
      for (std::int64_t i = 0; i < count; ++i) values.push_back(0.01f * static_cast<float>((i * 37) % 17 - 8));
    auto* t = graph_->add_initializer();
    t->set_name(name);
    t->set_data_type(onnx::TensorProto::FLOAT);
    for (std::int64_t d : dims) t->add_dims(d);
    t->set_raw_data(values.data(), values.size() * sizeof(float));
    return *t;
  }

  onnx::TensorProto& int_constant(const std::string& name, const std::vector<std::int64_t>& values) {
    auto* t = graph_->add_initializer();
    t->set_name(name);
    t->set_data_type(onnx::TensorProto::INT64);
    t->add_dims(static_cast<std::int64_t>(values.size()));
    for (std::int64_t v : values) t->add_int64_data(v);
    return *t;
  }

  // A node `op` on the current value and `constants`; its output becomes the current value.
  onnx::NodeProto& node(const std::string& op, const std::vector<std::string>& constants = {}) {
    auto* n = graph_->add_node();
    const std::string id = std::to_string(graph_->node_size() - 1);
    n->set_op_type(op);
    n->set_name(op + "_" + id);
    n->add_input(current_);
    for (const auto& c : constants) n->add_input(c);
    current_ = "t" + id;
    n->add_output(current_);
    return *n;
  }

  // Gemm with weights [k, d] (transB=1) and bias [k], as torch.onnx.export writes nn.Linear.
  onnx::NodeProto& gemm(std::int64_t d, std::int64_t k) {
    const std::string w = "w" + std::to_string(graph_->node_size()), b = "b" + std::to_string(graph_->node_size());
    constant(w, {k, d});
    constant(b, {k});
    onnx::NodeProto& n = node("Gemm", {w, b});
    int_attr(n, "transB", 1);
    return n;
  }

  // Conv with weights [m, c, 3, 3] and bias [m], padding 1.
  onnx::NodeProto& conv(std::int64_t c, std::int64_t m) {
    const std::string w = "w" + std::to_string(graph_->node_size()), b = "b" + std::to_string(graph_->node_size());
    constant(w, {m, c, 3, 3});
    constant(b, {m});
    onnx::NodeProto& n = node("Conv", {w, b});
    ints_attr(n, "kernel_shape", {3, 3});
    ints_attr(n, "pads", {1, 1, 1, 1});
    ints_attr(n, "strides", {1, 1});
    return n;
  }

  static void int_attr(onnx::NodeProto& n, const std::string& name, std::int64_t v) {
    auto* a = n.add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto::INT);
    a->set_i(v);
  }
  static void float_attr(onnx::NodeProto& n, const std::string& name, float v) {
    auto* a = n.add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto::FLOAT);
    a->set_f(v);
  }
  static void string_attr(onnx::NodeProto& n, const std::string& name, const std::string& v) {
    auto* a = n.add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto::STRING);
    a->set_s(v);
  }
  static void ints_attr(onnx::NodeProto& n, const std::string& name, const std::vector<std::int64_t>& v) {
    auto* a = n.add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto::INTS);
    for (std::int64_t x : v) a->add_ints(x);
  }

  // The serialised model, its output being the current value.
  std::string bytes() {
    if (graph_->output_size() == 0) add_value(graph_->add_output(), current_);
    return model_.SerializeAsString();
  }

 private:
  onnx::TensorShapeProto* add_value(onnx::ValueInfoProto* v, const std::string& name) {
    v->set_name(name);
    auto* t = v->mutable_type()->mutable_tensor_type();
    t->set_elem_type(onnx::TensorProto::FLOAT);
    return t->mutable_shape();
  }

  onnx::ModelProto model_;
  onnx::GraphProto* graph_;
  std::string current_ = "image";
};

// Flatten → Gemm 784→4 → Relu → Gemm 4→3 → Softmax on [N, 1, 28, 28]: a valid small MLP.
inline OnnxBuilder small_mlp() {
  OnnxBuilder b({1, 28, 28});
  b.node("Flatten");
  b.gemm(784, 4);
  b.node("Relu");
  b.gemm(4, 3);
  b.node("Softmax");
  return b;
}

}  // namespace nnfs::test
