#include "engine/onnx/onnx_check.h"

#include <catch2/catch.hpp>

#include "engine/core/error.h"

namespace {

// y = Relu(x) with x, y float [1]: the smallest graph the checker accepts.
onnx::ModelProto relu_model() {
  onnx::ModelProto model;
  model.set_ir_version(onnx::IR_VERSION);
  model.add_opset_import()->set_version(13);
  onnx::GraphProto* graph = model.mutable_graph();
  graph->set_name("relu");
  for (const char* name : {"x", "y"}) {
    onnx::ValueInfoProto* value = std::string(name) == "x" ? graph->add_input() : graph->add_output();
    value->set_name(name);
    value->mutable_type()->mutable_tensor_type()->set_elem_type(onnx::TensorProto::FLOAT);
    value->mutable_type()->mutable_tensor_type()->mutable_shape()->add_dim()->set_dim_value(1);
  }
  onnx::NodeProto* node = graph->add_node();
  node->set_op_type("Relu");
  node->add_input("x");
  node->add_output("y");
  return model;
}

}  // namespace

TEST_CASE("check_onnx_model accepts a valid graph", "[onnx]") {
  REQUIRE_NOTHROW(nnfs::check_onnx_model(relu_model(), "m.onnx"));
}

TEST_CASE("check_onnx_model names the file and gives the checker's reason on one line", "[onnx]") {
  onnx::ModelProto model = relu_model();
  model.mutable_graph()->mutable_node(0)->set_input(0, "missing");
  try {
    nnfs::check_onnx_model(model, "m.onnx");
    FAIL("the checker accepted a node reading an undefined value");
  } catch (const nnfs::Error& e) {
    const std::string message = e.what();
    CHECK(message.rfind("m.onnx: the ONNX checker rejects the graph: ", 0) == 0);
    CHECK(message.find("missing") != std::string::npos);
    CHECK(message.find('\n') == std::string::npos);
  }
}
