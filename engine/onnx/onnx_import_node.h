// ONNX import: one node's attributes and constant inputs, read with checks. A node may carry only
// the attributes its op's converter lists; any other attribute is refused instead of ignored, so a
// setting we do not implement can never be dropped silently.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

#include "engine/onnx/onnx_import_graph.h"

namespace nnfs::onnx_import {

class NodeReader {
 public:
  NodeReader(const onnx::NodeProto& node, std::string label, const Chain& chain, int opset);

  const onnx::NodeProto& node() const { return node_; }
  const std::string& op() const { return node_.op_type(); }
  int opset() const { return opset_; }
  // Throws "<label>: <message>".
  [[noreturn]] void fail(const std::string& message) const;
  // Refuses attributes outside `known` (a name given twice is refused too).
  void allow_attributes(std::initializer_list<const char*> known) const;

  std::int64_t int_attr(const char* name, std::int64_t fallback) const;
  float float_attr(const char* name, float fallback) const;
  std::string string_attr(const char* name, const std::string& fallback) const;
  std::vector<std::int64_t> ints_attr(const char* name, std::vector<std::int64_t> fallback) const;
  bool has_attr(const char* name) const;

  // Input k is the chain's data (not a constant): tells Mul's and Add's operands apart.
  bool input_is_data(int k) const;
  // Input k when it is given (and then it is a constant: the chain checked that), else null.
  const Constant* input(int k) const;
  // Input k, which must be a float32 constant of `count` values (any count when 0); `what` names it.
  const Constant& floats(int k, const char* what, std::size_t count = 0) const;

 private:
  const onnx::AttributeProto* find(const char* name, onnx::AttributeProto::AttributeType type) const;
  const onnx::NodeProto& node_;
  std::string label_;
  const Chain& chain_;
  int opset_;
};

// "[1, 2]": a list of numbers for messages.
std::string list_text(const std::vector<std::int64_t>& values);

}  // namespace nnfs::onnx_import
