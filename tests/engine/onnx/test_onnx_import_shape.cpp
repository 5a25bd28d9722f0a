// ONNX import of PyTorch's x.view(x.size(0), -1) with a dynamic batch: the Shape → Gather →
// Unsqueeze → Concat (or Shape → Slice → Concat) subgraph is folded so the Reshape is a flatten;
// any other use of a Shape is one line naming the node. (A real torch export: tests/acceptance.)
#include <catch2/catch.hpp>

#include "engine/core/error.h"
#include "engine/onnx/onnx_import.h"
#include "support/onnx_builder.h"

using namespace nnfs;
using nnfs::test::OnnxBuilder;

namespace {

// A side node (not on the chain): `op` from `inputs` to `output`.
onnx::NodeProto& side(OnnxBuilder& b, const std::string& op, const std::vector<std::string>& inputs,
                      const std::string& output) {
  auto* n = b.graph().add_node();
  n->set_op_type(op);
  n->set_name(op + "_" + output);
  for (const auto& in : inputs) n->add_input(in);
  n->add_output(output);
  return *n;
}

onnx::TensorProto& scalar_int(OnnxBuilder& b, const std::string& name, std::int64_t v) {
  onnx::TensorProto& t = b.int_constant(name, {v});
  t.clear_dims();  // a scalar, as torch writes the Gather index
  return t;
}

struct Idiom {
  std::int64_t index = 0;          // Gather's index
  std::vector<std::int64_t> rest = {-1};
  bool batch_last = false;         // Concat(rest, N) instead of Concat(N, rest)
  bool slice = false;              // Shape → Slice instead of Gather → Unsqueeze
};

// Conv [4, 28, 28] → MaxPool → (the idiom) → Reshape → Gemm 10 → Softmax.
std::string cnn_with(const Idiom& idiom) {
  OnnxBuilder b({1, 28, 28});
  b.conv(1, 4);
  auto& pool = b.node("MaxPool");
  OnnxBuilder::ints_attr(pool, "kernel_shape", {2, 2});
  OnnxBuilder::ints_attr(pool, "strides", {2, 2});
  const std::string x = b.current();
  side(b, "Shape", {x}, "shape");
  if (idiom.slice) {
    b.int_constant("starts", {0});
    b.int_constant("ends", {1});
    side(b, "Slice", {"shape", "starts", "ends"}, "batch1");
  } else {
    scalar_int(b, "index", idiom.index);
    OnnxBuilder::int_attr(side(b, "Gather", {"shape", "index"}, "batch"), "axis", 0);
    b.int_constant("axes", {0});
    side(b, "Unsqueeze", {"batch", "axes"}, "batch1");
  }
  b.int_constant("rest", idiom.rest);
  OnnxBuilder::int_attr(side(b, "Concat", idiom.batch_last ? std::vector<std::string>{"rest", "batch1"}
                                                          : std::vector<std::string>{"batch1", "rest"},
                             "target"),
                        "axis", 0);
  b.node("Reshape", {"target"});
  b.gemm(4 * 14 * 14, 10);
  b.node("Softmax");
  return b.bytes();
}

std::string import_error(const std::string& bytes) {
  try {
    import_onnx_bytes(bytes.data(), bytes.size(), "m.onnx");
  } catch (const Error& e) {
    const std::string message = e.what();
    CHECK(message.find('\n') == std::string::npos);
    return message;
  }
  return "";
}


std::string layers(const std::string& bytes) {
  const Model m = import_onnx_bytes(bytes.data(), bytes.size(), "m.onnx");
  std::string out;
  for (const auto& layer : m.net.architecture()) out += (out.empty() ? "" : ",") + layer.at("type").get<std::string>();
  return out;
}

}  // namespace

TEST_CASE("onnx import: Shape → Gather → Unsqueeze → Concat → Reshape [N, -1] is a flatten", "[onnx]") {
  CHECK(layers(cnn_with({})) == "conv2d,maxpool2d,flatten,dense,softmax");
  CHECK(layers(cnn_with({0, {4 * 14 * 14}})) == "conv2d,maxpool2d,flatten,dense,softmax");
  CHECK(layers(cnn_with({0, {-1}, false, true})) == "conv2d,maxpool2d,flatten,dense,softmax");
}

TEST_CASE("onnx import: other shape computations are one line naming the node", "[onnx]") {
  CHECK_THAT(import_error(cnn_with({1})),
             Catch::Contains("node 3 'Gather_batch' (op Gather): index [1] of a shape not supported"));
  CHECK_THAT(import_error(cnn_with({0, {-1}, true})),
             Catch::Contains("(op Concat): the batch size at position 1 of the shape, expected it first"));
  CHECK_THAT(import_error(cnn_with({0, {4, -1}})), Catch::Contains("(op Reshape): shape [0, 4, -1] not supported"));
  CHECK_THAT(import_error(cnn_with({0, {100}})), Catch::Contains("(op Reshape): shape [0, 100] not supported"));
  SECTION("a Shape used by another op") {
    OnnxBuilder b({4});
    side(b, "Shape", {"image"}, "shape");
    b.node("Reshape", {"shape"});
    CHECK_THAT(import_error(b.bytes()), Catch::Contains("'Reshape_1' (op Reshape): takes a shape computed from the data"));
  }
}
