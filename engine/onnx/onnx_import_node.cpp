// NodeReader: checked access to a node's attributes and constant inputs.
#include <cmath>
#include <set>

#include "engine/core/error.h"
#include "engine/onnx/onnx_import_node.h"

namespace nnfs::onnx_import {

std::string list_text(const std::vector<std::int64_t>& values) {
  std::string s = "[";
  for (std::size_t i = 0; i < values.size(); ++i) s += (i ? ", " : "") + std::to_string(values[i]);
  return s + "]";
}

NodeReader::NodeReader(const onnx::NodeProto& node, std::string label, const Chain& chain, int opset)
    : node_(node), label_(std::move(label)), chain_(chain), opset_(opset) {}

void NodeReader::fail(const std::string& message) const { throw Error(label_ + ": " + message); }

void NodeReader::allow_attributes(std::initializer_list<const char*> known) const {
  std::set<std::string> seen;
  for (const auto& a : node_.attribute()) {
    bool ok = false;
    for (const char* name : known) ok = ok || a.name() == name;
    if (!ok) {
      std::string list;
      for (const char* name : known) list += (list.empty() ? "" : ", ") + std::string(name);
      fail("attribute '" + printable(a.name()) + "' not supported" + (list.empty() ? ", expected none" : ", expected only " + list));
    }
    if (!seen.insert(a.name()).second) fail("attribute '" + a.name() + "' is given twice");
  }
}

const onnx::AttributeProto* NodeReader::find(const char* name, onnx::AttributeProto::AttributeType type) const {
  for (const auto& a : node_.attribute()) {
    if (a.name() != name) continue;
    // Old files leave `type` unset (0); then the field that holds the value decides.
    if (a.type() != type && a.type() != onnx::AttributeProto::UNDEFINED)
      fail("attribute '" + std::string(name) + "' has the wrong type (" + std::to_string(a.type()) + ", expected " +
           std::to_string(type) + ")");
    return &a;
  }
  return nullptr;
}

bool NodeReader::has_attr(const char* name) const {
  for (const auto& a : node_.attribute())
    if (a.name() == name) return true;
  return false;
}

std::int64_t NodeReader::int_attr(const char* name, std::int64_t fallback) const {
  const auto* a = find(name, onnx::AttributeProto::INT);
  return a ? a->i() : fallback;
}

float NodeReader::float_attr(const char* name, float fallback) const {
  const auto* a = find(name, onnx::AttributeProto::FLOAT);
  if (a && !std::isfinite(a->f())) fail("attribute '" + std::string(name) + "' is not a finite number");
  return a ? a->f() : fallback;
}

std::string NodeReader::string_attr(const char* name, const std::string& fallback) const {
  const auto* a = find(name, onnx::AttributeProto::STRING);
  return a ? a->s() : fallback;
}

std::vector<std::int64_t> NodeReader::ints_attr(const char* name, std::vector<std::int64_t> fallback) const {
  const auto* a = find(name, onnx::AttributeProto::INTS);
  if (!a) return fallback;
  if (a->ints_size() > 16) fail("attribute '" + std::string(name) + "' has " + std::to_string(a->ints_size()) + " values, expected at most 16");
  return {a->ints().begin(), a->ints().end()};
}

bool NodeReader::input_is_data(int k) const {
  return k < node_.input_size() && !node_.input(k).empty() && !chain_.constants.count(node_.input(k));
}

const Constant* NodeReader::input(int k) const {
  if (k >= node_.input_size() || node_.input(k).empty()) return nullptr;
  auto it = chain_.constants.find(node_.input(k));
  if (it == chain_.constants.end()) fail("input " + std::to_string(k) + " must be a constant");
  return it->second.get();
}

const Constant& NodeReader::floats(int k, const char* what, std::size_t count) const {
  const Constant* c = input(k);
  if (!c) fail("the " + std::string(what) + " (input " + std::to_string(k) + ") is missing");
  if (c->integer) fail("the " + std::string(what) + " '" + printable(node_.input(k)) + "' must be float32");
  if (count && c->floats.size() != count)
    fail("the " + std::string(what) + " '" + printable(node_.input(k)) + "' has " + std::to_string(c->floats.size()) +
         " values " + list_text(c->dims) + ", expected " + std::to_string(count));
  return *c;
}

}  // namespace nnfs::onnx_import
