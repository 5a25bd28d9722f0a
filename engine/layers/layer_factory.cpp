// make_layer: architecture entry (JSON) → layer object. The inverse of Layer::config().
#include <cmath>
#include <functional>
#include <map>

#include "engine/core/error.h"
#include "engine/layers/activations.h"
#include "engine/layers/batchnorm.h"
#include "engine/layers/conv2d.h"
#include "engine/layers/dense.h"
#include "engine/layers/dropout.h"
#include "engine/layers/flatten.h"
#include "engine/layers/layer.h"
#include "engine/layers/pool2d.h"
#include "engine/layers/softmax.h"

namespace nnfs {

namespace {

using json = nlohmann::json;

// Reads an optional numeric key, rejecting wrong types with a message naming the key.
float number_or(const json& c, const char* key, float fallback) {
  if (!c.contains(key)) return fallback;
  if (!c[key].is_number() || !std::isfinite(c[key].get<float>()))
    throw Error(std::string("layer '") + c.value("type", "?") + "': '" + key + "' must be a finite number");
  return c[key].get<float>();
}

// A penalty strength: λ ≥ 0 (a negative λ would reward large weights).
float penalty_or_zero(const json& c, const char* key) {
  const float value = number_or(c, key, 0.0f);
  if (value < 0.0f) throw Error(std::string("layer 'dense': '") + key + "' must be >= 0, got " + c[key].dump());
  return value;
}

// Far above any network this engine trains; keeps a corrupt file from asking for terabytes.
constexpr long long kMaxUnits = 1 << 20;

std::unique_ptr<Layer> make_dense(const json& c) {
  if (!c.contains("units") || !c["units"].is_number_integer() || c["units"].get<long long>() <= 0 ||
      c["units"].get<long long>() > kMaxUnits)
    throw Error("layer 'dense': 'units' must be an integer from 1 to " + std::to_string(kMaxUnits));
  DenseOptions o;
  o.units = c["units"].get<std::size_t>();
  if (c.contains("init")) {
    if (!c["init"].is_string()) throw Error("layer 'dense': 'init' must be a string");
    o.init = parse_init(c["init"].get<std::string>());
  }
  o.l1 = penalty_or_zero(c, "l1");
  o.l2 = penalty_or_zero(c, "l2");
  o.bias_l1 = penalty_or_zero(c, "bias_l1");
  o.bias_l2 = penalty_or_zero(c, "bias_l2");
  return std::make_unique<Dense>(o);
}

// Reads an optional integer key in [lo, hi].
std::size_t integer_or(const json& c, const char* key, std::size_t fallback, long long lo, long long hi) {
  if (!c.contains(key)) return fallback;
  if (!c[key].is_number_integer() || c[key].get<long long>() < lo || c[key].get<long long>() > hi)
    throw Error(std::string("layer '") + c.value("type", "?") + "': '" + key + "' must be an integer from " +
                std::to_string(lo) + " to " + std::to_string(hi) + ", got " + c[key].dump());
  return c[key].get<std::size_t>();
}

constexpr long long kMaxWindow = 64;        // kernel, stride and padding of spatial layers
constexpr long long kMaxFilters = 1 << 16;  // output channels of a convolution

// {"type":"conv2d","filters":16,"kernel":[3,3],"stride":1,"padding":1,"bias":true,"init":"he"}
std::unique_ptr<Layer> make_conv2d(const json& c) {
  if (!c.contains("filters")) throw Error("layer 'conv2d': 'filters' is required");
  Conv2DOptions o;
  o.filters = integer_or(c, "filters", 0, 1, kMaxFilters);
  if (c.contains("kernel")) {
    const json& k = c["kernel"];
    const bool pair = k.is_array() && k.size() == 2 && k[0].is_number_integer() && k[1].is_number_integer();
    if (!pair && !k.is_number_integer()) throw Error("layer 'conv2d': 'kernel' must be an integer or [height, width]");
    const long long kh = pair ? k[0].get<long long>() : k.get<long long>();
    const long long kw = pair ? k[1].get<long long>() : kh;
    if (kh < 1 || kw < 1 || kh > kMaxWindow || kw > kMaxWindow)
      throw Error("layer 'conv2d': kernel sides must be from 1 to " + std::to_string(kMaxWindow) + ", got " + k.dump());
    o.kernel_h = static_cast<std::size_t>(kh);
    o.kernel_w = static_cast<std::size_t>(kw);
  }
  o.stride = integer_or(c, "stride", 1, 1, kMaxWindow);
  o.padding = integer_or(c, "padding", 0, 0, kMaxWindow);
  if (c.contains("bias")) {
    if (!c["bias"].is_boolean()) throw Error("layer 'conv2d': 'bias' must be true or false");
    o.bias = c["bias"].get<bool>();
  }
  if (c.contains("init")) {
    if (!c["init"].is_string()) throw Error("layer 'conv2d': 'init' must be a string");
    o.init = parse_init(c["init"].get<std::string>());
  }
  return std::make_unique<Conv2D>(o);
}

// {"type":"maxpool2d","size":2,"stride":2}; stride defaults to size.
PoolOptions pool_options(const json& c) {
  PoolOptions o;
  o.size = integer_or(c, "size", 2, 1, kMaxWindow);
  o.stride = integer_or(c, "stride", o.size, 1, kMaxWindow);
  return o;
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
      {"conv2d", make_conv2d},
      {"maxpool2d", [](const json& c) { return std::make_unique<MaxPool2D>(pool_options(c)); }},
      {"avgpool2d", [](const json& c) { return std::make_unique<AvgPool2D>(pool_options(c)); }},
      {"flatten", [](const json&) { return std::make_unique<Flatten>(); }},
      {"batchnorm",
       [](const json& c) {
         return std::make_unique<BatchNorm>(
             BatchNormOptions{number_or(c, "momentum", 0.1f), number_or(c, "epsilon", 1e-5f)});
       }},
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
    for (const auto& name : layer_types()) known += (known.empty() ? "" : ", ") + name;
    throw Error("unknown layer type '" + type + "' (known: " + known + ")");
  }
  return it->second(config);
}

std::vector<std::string> layer_types() {
  std::vector<std::string> names;
  for (const auto& [name, _] : registry()) names.push_back(name);
  return names;
}

}  // namespace nnfs
