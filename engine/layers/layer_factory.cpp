// make_layer: architecture entry (JSON) → layer object. The inverse of Layer::config().
#include <functional>
#include <map>

#include "engine/core/error.h"
#include "engine/layers/activations.h"
#include "engine/layers/dense.h"
#include "engine/layers/dropout.h"
#include "engine/layers/layer.h"
#include "engine/layers/softmax.h"

namespace nnfs {

namespace {

using json = nlohmann::json;

// Reads an optional numeric key, rejecting wrong types with a message naming the key.
float number_or(const json& c, const char* key, float fallback) {
  if (!c.contains(key)) return fallback;
  if (!c[key].is_number()) throw Error(std::string("layer '") + c.value("type", "?") + "': '" + key + "' must be a number");
  return c[key].get<float>();
}

std::unique_ptr<Layer> make_dense(const json& c) {
  if (!c.contains("units") || !c["units"].is_number_integer() || c["units"].get<long long>() <= 0)
    throw Error("layer 'dense': 'units' must be a positive integer");
  DenseOptions o;
  o.units = c["units"].get<std::size_t>();
  if (c.contains("init")) {
    if (!c["init"].is_string()) throw Error("layer 'dense': 'init' must be a string");
    o.init = parse_init(c["init"].get<std::string>());
  }
  o.l1 = number_or(c, "l1", 0.0f);
  o.l2 = number_or(c, "l2", 0.0f);
  o.bias_l1 = number_or(c, "bias_l1", 0.0f);
  o.bias_l2 = number_or(c, "bias_l2", 0.0f);
  return std::make_unique<Dense>(o);
}

const std::map<std::string, std::function<std::unique_ptr<Layer>(const json&)>>& registry() {
  static const std::map<std::string, std::function<std::unique_ptr<Layer>(const json&)>> table = {
      {"dense", make_dense},
      {"linear", [](const json&) { return std::make_unique<Linear>(); }},
      {"relu", [](const json&) { return std::make_unique<Relu>(); }},
      {"leaky_relu",
       [](const json& c) { return std::make_unique<LeakyRelu>(LeakyReluFn{number_or(c, "alpha", 0.01f)}); }},
      {"sigmoid", [](const json&) { return std::make_unique<Sigmoid>(); }},
      {"tanh", [](const json&) { return std::make_unique<Tanh>(); }},
      {"softmax", [](const json&) { return std::make_unique<Softmax>(); }},
      {"dropout", [](const json& c) { return std::make_unique<Dropout>(number_or(c, "rate", 0.0f)); }},
  };
  return table;
}

}  // namespace

std::unique_ptr<Layer> make_layer(const json& config) {
  if (!config.is_object() || !config.contains("type") || !config["type"].is_string())
    throw Error("layer entry must be an object with a string 'type', got " + config.dump());
  const std::string type = config["type"].get<std::string>();
  auto it = registry().find(type);
  if (it == registry().end()) {
    std::string known;
    for (const auto& [name, _] : registry()) known += (known.empty() ? "" : ", ") + name;
    throw Error("unknown layer type '" + type + "' (known: " + known + ")");
  }
  return it->second(config);
}

}  // namespace nnfs
