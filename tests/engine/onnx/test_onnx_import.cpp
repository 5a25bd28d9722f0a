// ONNX import: graphs written in the test (support/onnx_builder.h) convert to the right layers and
// weights; every unsupported or broken graph is one line naming the node and what was expected.
// (PyTorch's own exports are compared with PyTorch in tests/acceptance/onnx_import_torch.sh.)
#include <catch2/catch.hpp>
#include <cmath>
#include <functional>

#include "engine/core/error.h"
#include "engine/onnx/onnx_import.h"
#include "support/onnx_builder.h"

using namespace nnfs;
using nnfs::test::OnnxBuilder;
using nnfs::test::small_mlp;

namespace {

Model import(const std::string& bytes, const OnnxImportOptions& options = {}, OnnxImportInfo* info = nullptr) {
  return import_onnx_bytes(bytes.data(), bytes.size(), "m.onnx", options, info);
}

// The message of the error the import throws ("" when it succeeds), checked to be one line.
std::string import_error(const std::string& bytes) {
  try {
    import(bytes);
  } catch (const Error& e) {
    const std::string message = e.what();
    CHECK(message.find('\n') == std::string::npos);
    CHECK(message.rfind("m.onnx: ", 0) == 0);
    return message;
  }
  return "";
}

std::string error_after(const std::function<void(OnnxBuilder&)>& change, OnnxBuilder b = small_mlp()) {
  change(b);
  return import_error(b.bytes());
}

}  // namespace

TEST_CASE("onnx import: a Gemm MLP becomes dense layers with the weights transposed to D x K", "[onnx]") {
  OnnxBuilder b({4});
  b.constant("w", {3, 4}, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
  b.constant("bias", {3}, {0.5f, -1, 2});
  OnnxBuilder::int_attr(b.node("Gemm", {"w", "bias"}), "transB", 1);
  b.node("Softmax");
  OnnxImportInfo info;
  const Model m = import(b.bytes(), {}, &info);
  REQUIRE(m.net.architecture().dump() ==
          R"([{"init":"he","type":"dense","units":3},{"type":"softmax"}])");
  const auto w = m.net.params().values();
  // W[d, k] = B[k, d]
  CHECK(w[0] == 0);
  CHECK(w[1] == 4);
  CHECK(w[2] == 8);
  CHECK(w[3] == 1);
  CHECK(w[12] == 0.5f);
  CHECK(w[14] == 2);
  CHECK(m.class_names == std::vector<std::string>{"0", "1", "2"});
  CHECK(m.loss == "categorical_crossentropy");
  CHECK_FALSE(info.scaling_from_graph);
  CHECK(m.input_scaling == PixelScaling{1.0f / 255.0f, 0.0f});
}

TEST_CASE("onnx import: MatMul then Add is one dense layer with the Add's bias", "[onnx]") {
  OnnxBuilder b({2});
  b.constant("w", {2, 3}, {1, 2, 3, 4, 5, 6});
  b.constant("bias", {3}, {7, 8, 9});
  b.node("MatMul", {"w"});
  b.node("Add", {"bias"});
  const Model m = import(b.bytes());
  REQUIRE(m.net.layer_count() == 1);
  const auto w = m.net.params().values();
  CHECK(std::vector<float>(w.begin(), w.end()) == std::vector<float>{1, 2, 3, 4, 5, 6, 7, 8, 9});
  CHECK(m.loss == "mse");  // no softmax: linear outputs
}

TEST_CASE("onnx import: scaling nodes first in the graph are the input scaling, else the options", "[onnx]") {
  OnnxBuilder b({1, 28, 28});
  b.constant("s", {}, {0.5f});
  b.constant("o", {}, {-1.0f});
  b.node("Mul", {"s"});
  b.node("Add", {"o"});
  b.node("Flatten");
  b.gemm(784, 10);
  b.node("Softmax");
  OnnxImportInfo info;
  CHECK(import(b.bytes(), {0.25, 3.0}, &info).input_scaling == PixelScaling{0.5f, -1.0f});
  CHECK(info.scaling_from_graph);
  CHECK(import(small_mlp().bytes(), {0.25, 3.0}, &info).input_scaling == PixelScaling{0.25f, 3.0f});
  CHECK_FALSE(info.scaling_from_graph);
}

TEST_CASE("onnx import: a CNN with pooling, batch norm, a zero Pad and LogSoftmax", "[onnx]") {
  OnnxBuilder b({1, 8, 8});
  b.conv(1, 2);
  b.node("Relu");
  onnx::NodeProto& max = b.node("MaxPool");
  OnnxBuilder::ints_attr(max, "kernel_shape", {2, 2});
  OnnxBuilder::ints_attr(max, "strides", {2, 2});
  b.int_constant("pads", {0, 0, 0, 0, 0, 0, 0, 0});
  b.node("Pad", {"pads"});
  onnx::NodeProto& avg = b.node("AveragePool");
  OnnxBuilder::ints_attr(avg, "kernel_shape", {2, 2});
  OnnxBuilder::ints_attr(avg, "strides", {2, 2});
  for (const char* n : {"g", "be", "mu", "var"}) b.constant(n, {2}, {1.0f, 0.5f});
  b.node("BatchNormalization", {"g", "be", "mu", "var"});
  b.node("Flatten");
  b.gemm(8, 10);
  b.node("LogSoftmax");
  OnnxImportInfo info;
  const Model m = import(b.bytes(), {}, &info);
  CHECK(m.net.architecture().size() == 8);
  CHECK(m.net.output_shape() == Shape{10});
  CHECK(info.log_softmax);
}

TEST_CASE("onnx import: a truncated, empty or foreign file is one line, at every cut", "[onnx]") {
  const std::string good = small_mlp().bytes();
  for (std::size_t cut = 0; cut < good.size(); cut += 97) {
    INFO("cut at byte " << cut);
    CHECK_FALSE(import_error(good.substr(0, cut)).empty());
  }
  CHECK_THAT(import_error(""), Catch::Contains("not an ONNX model"));
  CHECK_THAT(import_error("this is a text file\n"), Catch::Contains("not an ONNX model"));
}

TEST_CASE("onnx import: unsupported ops and attributes name the node and what was expected", "[onnx]") {
  CHECK_THAT(error_after([](OnnxBuilder& b) { b.graph().mutable_node(2)->set_op_type("LSTM"); }),
             Catch::Contains("m.onnx: node 2 'Relu_2' (op LSTM): not supported, expected one of Add, AveragePool,"));
  CHECK_THAT(error_after([](OnnxBuilder& b) { OnnxBuilder::float_attr(*b.graph().mutable_node(2), "alpha", 1); }),
             Catch::Contains("node 2 'Relu_2' (op Relu): attribute 'alpha' not supported, expected none"));
  CHECK_THAT(error_after([](OnnxBuilder& b) { OnnxBuilder::int_attr(*b.graph().mutable_node(1), "transA", 1); }),
             Catch::Contains("(op Gemm): transA=1 not supported, expected 0"));
  CHECK_THAT(error_after([](OnnxBuilder& b) { OnnxBuilder::int_attr(*b.graph().mutable_node(0), "axis", 2); }),
             Catch::Contains("(op Flatten): axis=2 not supported, expected 1"));
  CHECK_THAT(error_after([](OnnxBuilder& b) { OnnxBuilder::int_attr(*b.graph().mutable_node(4), "axis", 0); }),
             Catch::Contains("(op Softmax): axis=0 not supported"));
  CHECK_THAT(error_after([](OnnxBuilder& b) { b.node("Relu"); }),
             Catch::Contains("node 4 'Softmax_4' (op Softmax): must be the last node"));
  CHECK_THAT(error_after([](OnnxBuilder& b) { b.model().mutable_opset_import(0)->set_version(18); }),
             Catch::Contains("m.onnx: operator set version 18 not supported, expected 7 to 17"));
}

TEST_CASE("onnx import: convolution and pooling settings our layers do not compute are refused", "[onnx]") {
  const auto conv_error = [](const std::function<void(onnx::NodeProto&)>& change) {
    OnnxBuilder b({1, 8, 8});
    change(b.conv(1, 2));
    b.node("Flatten");
    b.gemm(128, 10);
    return import_error(b.bytes());
  };
  CHECK(conv_error([](onnx::NodeProto&) {}).empty());
  CHECK_THAT(conv_error([](onnx::NodeProto& n) { OnnxBuilder::ints_attr(n, "dilations", {2, 2}); }),
             Catch::Contains("node 0 'Conv_0' (op Conv): dilations [2, 2] not supported, expected [1, 1]"));
  CHECK_THAT(conv_error([](onnx::NodeProto& n) { OnnxBuilder::int_attr(n, "group", 2); }),
             Catch::Contains("group=2 not supported, expected 1"));
  CHECK_THAT(conv_error([](onnx::NodeProto& n) { OnnxBuilder::string_attr(n, "auto_pad", "SAME_UPPER"); }),
             Catch::Contains("auto_pad=SAME_UPPER not supported"));
  CHECK_THAT(conv_error([](onnx::NodeProto& n) { n.mutable_attribute(1)->set_ints(0, 0); }),
             Catch::Contains("pads [0, 1, 1, 1] not supported, expected the same padding on all four sides"));
  CHECK_THAT(conv_error([](onnx::NodeProto& n) { n.mutable_attribute(2)->set_ints(0, 2); }),
             Catch::Contains("strides [2, 1] not supported, expected two equal sides"));
  OnnxBuilder b({1, 7, 7});
  onnx::NodeProto& pool = b.node("MaxPool");
  OnnxBuilder::ints_attr(pool, "kernel_shape", {2, 2});
  OnnxBuilder::ints_attr(pool, "strides", {2, 2});
  OnnxBuilder::int_attr(pool, "ceil_mode", 1);
  CHECK_THAT(import_error(b.bytes()), Catch::Contains("(op MaxPool): ceil_mode=1 not supported here"));
}

TEST_CASE("onnx import: wrong and huge shapes are refused before anything is built", "[onnx]") {
  CHECK_THAT(error_after([](OnnxBuilder& b) { b.gemm(100, 10); }, [] {
               OnnxBuilder b({1, 28, 28});
               b.node("Flatten");
               return b;
             }()),
             Catch::Contains("(op Gemm): the weights [10, 100] (transposed) take 100 inputs, but the previous layer gives 784"));
  CHECK_THAT(import_error(OnnxBuilder({1, 100000, 28}).bytes()),
             Catch::Contains("graph input 'image': dimension 2 must be a number from 1 to 65536, got 100000"));
  CHECK_THAT(import_error(OnnxBuilder({1, 28}).bytes()),
             Catch::Contains("3 dimensions, expected images [N, C, H, W] or features [N, D]"));
  CHECK_THAT(error_after([](OnnxBuilder& b) {
               onnx::TensorProto* w = b.graph().mutable_initializer(0);
               w->clear_raw_data();
               w->set_dims(0, 1 << 20);
               w->set_dims(1, 1 << 20);
             }),
             Catch::Contains("initializer 'w1': shape [1048576, 1048576] is too large"));
  CHECK_THAT(error_after([](OnnxBuilder& b) { b.graph().mutable_initializer(0)->set_dims(0, 5); }),
             Catch::Contains("initializer 'w1': shape [5, 784] needs 15680 bytes of data, found 12544"));
  CHECK_THAT(error_after([](OnnxBuilder& b) {
               float nan = std::nanf("");
               b.graph().mutable_initializer(1)->mutable_raw_data()->replace(0, 4, reinterpret_cast<const char*>(&nan), 4);
             }),
             Catch::Contains("is NaN"));
}

TEST_CASE("onnx import: a cycle, a missing initializer, a branch or two inputs are refused", "[onnx]") {
  CHECK_THAT(error_after([](OnnxBuilder& b) { b.graph().mutable_node()->SwapElements(2, 3); }),
             Catch::Contains("m.onnx: node 2 'Gemm_3' (op Gemm): input 't2' comes from node 3, which is not before it: "
                             "the graph has a cycle or is not in topological order"));
  CHECK_THAT(error_after([](OnnxBuilder& b) { b.graph().mutable_initializer()->RemoveLast(); }),
             Catch::Contains("node 3 'Gemm_3' (op Gemm): input 'b3' is not defined: no initializer, graph input or "
                             "node gives it (a missing initializer?)"));
  CHECK_THAT(error_after([](OnnxBuilder& b) { b.graph().mutable_node(2)->set_input(0, "t0"); }),
             Catch::Contains("node 2 'Relu_2' (op Relu): input 't0' is the output of node 0, not of the previous layer"));
  CHECK_THAT(error_after([](OnnxBuilder& b) {
               auto* extra = b.graph().add_input();
               *extra = b.graph().input(0);
               extra->set_name("second");
             }),
             Catch::Contains("m.onnx: the graph has 2 data inputs, expected 1 (the image)"));
  CHECK_THAT(error_after([](OnnxBuilder& b) {
               b.graph().mutable_initializer(0)->set_data_location(onnx::TensorProto::EXTERNAL);
             }),
             Catch::Contains("data in an external file is not supported"));
}
