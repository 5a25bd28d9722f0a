#include "engine/onnx/onnx_export.h"

#include <catch2/catch.hpp>
#include <filesystem>

#include "engine/core/error.h"
#include "engine/model/architecture.h"
#include "support/temp_dir.h"

using namespace nnfs;

namespace {

Model model_of(const std::string& arch, Shape input) {
  Model m;
  m.net = Sequential::from_architecture(std::move(input), parse_architecture(arch));
  m.net.init(7);
  m.class_names.clear();
  for (std::size_t k = 0; k < m.net.output_shape()[0]; ++k) m.class_names.push_back("c" + std::to_string(k));
  return m;
}

std::vector<std::string> ops(const onnx::ModelProto& p) {
  std::vector<std::string> out;
  for (const onnx::NodeProto& n : p.graph().node()) out.push_back(n.op_type());
  return out;
}

std::string metadata(const onnx::ModelProto& p, const std::string& key) {
  for (const auto& e : p.metadata_props())
    if (e.key() == key) return e.value();
  return "(missing)";
}

}  // namespace

TEST_CASE("ONNX export: an MLP starts with the input scaling and ends in probabilities", "[onnx]") {
  const Model m = model_of("dense:8,relu,dense:3,softmax", {28, 28});
  const onnx::ModelProto p = model_to_onnx(m, "m.onnx");
  CHECK(ops(p) == std::vector<std::string>{"Mul", "Add", "Flatten", "Gemm", "Relu", "Gemm", "Softmax"});
  REQUIRE(p.graph().input_size() == 1);
  const auto& in = p.graph().input(0).type().tensor_type().shape();
  CHECK(p.graph().input(0).name() == "image");
  REQUIRE(in.dim_size() == 4);
  CHECK(in.dim(0).dim_param() == "N");
  CHECK((in.dim(1).dim_value() == 1 && in.dim(2).dim_value() == 28 && in.dim(3).dim_value() == 28));
  CHECK(p.graph().output(0).name() == "probabilities");
  CHECK(p.graph().node(p.graph().node_size() - 1).output(0) == "probabilities");
  CHECK(metadata(p, "nnfs.class_names") == R"(["c0","c1","c2"])");
  CHECK(metadata(p, "nnfs.architecture") == "dense:8,relu,dense:3,softmax");
  // The scaling constants are the model's, read back from the initializers.
  for (const auto& t : p.graph().initializer()) {
    if (t.name() == "input_scaling.scale") CHECK(t.float_data(0) == m.input_scaling.scale);
    if (t.name() == "input_scaling.offset") CHECK(t.float_data(0) == m.input_scaling.offset);
  }
}

TEST_CASE("ONNX export: Gemm weights are written K x D for transB=1", "[onnx]") {
  const Model m = model_of("dense:3", {2});
  const onnx::ModelProto p = model_to_onnx(m, "m.onnx");
  const float* w = m.net.params().value(0);  // W [D=2, K=3]
  for (const auto& t : p.graph().initializer()) {
    if (t.name() != "layers.0.dense.weight") continue;
    REQUIRE((t.dims(0) == 3 && t.dims(1) == 2));
    for (int k = 0; k < 3; ++k)
      for (int d = 0; d < 2; ++d) CHECK(t.float_data(k * 2 + d) == w[d * 3 + k]);
  }
}

TEST_CASE("ONNX export: every layer type the engine has exports and passes the checker", "[onnx]") {
  // One network per layer type, in a context the layer accepts.
  for (const std::string& type : layer_types()) {
    INFO(type);
    std::string arch = "conv2d:2,batchnorm," + type + (type == "conv2d" ? ":2" : "") + ",flatten,dense:3,softmax";
    if (type == "dense") arch = "dense:4,dense:3,softmax";
    if (type == "dropout") arch = "dense:4,dropout:0.5,dense:3,softmax";
    CHECK_NOTHROW(model_to_onnx(model_of(arch, {8, 8}), "m.onnx"));
  }
}

TEST_CASE("ONNX export: a CNN maps each layer to its operator", "[onnx]") {
  const Model m = model_of("conv2d:2:stride=2:bias=false,avgpool2d:2,leaky_relu:0.2,batchnorm,tanh,"
                           "maxpool2d,flatten,dense:4,sigmoid,dropout:0.1,dense:2,linear,softmax",
                           {12, 12});
  CHECK(ops(model_to_onnx(m, "m.onnx")) ==
        std::vector<std::string>{"Mul", "Add", "Conv", "AveragePool", "LeakyRelu", "BatchNormalization", "Tanh",
                                 "MaxPool", "Flatten", "Gemm", "Sigmoid", "Identity", "Gemm", "Identity", "Softmax"});
}

TEST_CASE("ONNX export: batch normalisation of an H x W sample has one channel per value", "[onnx]") {
  const onnx::ModelProto p = model_to_onnx(model_of("batchnorm,flatten,dense:2", {3, 4}), "m.onnx");
  CHECK(ops(p) == std::vector<std::string>{"Mul", "Add", "Flatten", "BatchNormalization", "Reshape", "Flatten", "Gemm"});
}

TEST_CASE("ONNX export writes a file the ONNX library reads back", "[onnx]") {
  nnfs::test::TempDir dir;
  const std::string path = dir.file("m.onnx");
  export_onnx(model_of("dense:3,softmax", {4}), path);
  onnx::ModelProto back;
  const std::vector<unsigned char> bytes = nnfs::test::read_bytes(path);
  REQUIRE(back.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())));
  CHECK(ops(back) == std::vector<std::string>{"Mul", "Add", "Gemm", "Softmax"});
  // Only the file itself: the atomic write left no temporary file behind.
  const auto entries = std::distance(std::filesystem::directory_iterator(dir.path()), {});
  CHECK(entries == 1);
}

TEST_CASE("ONNX export to a directory that does not exist is a one-line error naming the file", "[onnx]") {
  nnfs::test::TempDir dir;
  const std::string path = dir.file("missing/m.onnx");
  CHECK_THROWS_WITH(export_onnx(model_of("dense:3", {4}), path), Catch::StartsWith(path + ": "));
  CHECK_FALSE(std::filesystem::exists(dir.file("missing")));
}
