#include "engine/optim/optimizer.h"

#include <cmath>

#include "engine/core/error.h"
#include "engine/optim/adagrad.h"
#include "engine/optim/adam.h"
#include "engine/optim/rmsprop.h"
#include "engine/optim/sgd.h"

namespace nnfs {

void Optimizer::step(std::span<float> w, std::span<const float> g) {
  update(w, g, current_lr());
  ++steps_;
}

const char* to_string(OptimizerType type) {
  switch (type) {
    case OptimizerType::Sgd: return "sgd";
    case OptimizerType::AdaGrad: return "adagrad";
    case OptimizerType::RmsProp: return "rmsprop";
    case OptimizerType::Adam: return "adam";
    case OptimizerType::AdamW: return "adamw";
  }
  return "unknown";
}

OptimizerType parse_optimizer_type(const std::string& name) {
  for (OptimizerType t : {OptimizerType::Sgd, OptimizerType::AdaGrad, OptimizerType::RmsProp, OptimizerType::Adam,
                          OptimizerType::AdamW})
    if (name == to_string(t)) return t;
  throw Error("unknown optimizer '" + name + "' (expected sgd, adagrad, rmsprop, adam or adamw)");
}

OptimizerConfig OptimizerConfig::defaults(OptimizerType type) {
  OptimizerConfig c;
  c.type = type;
  c.lr = type == OptimizerType::Sgd || type == OptimizerType::AdaGrad ? 1.0f : 0.001f;
  return c;
}

nlohmann::json OptimizerConfig::to_json() const {
  nlohmann::json j = {{"type", to_string(type)}, {"lr", lr}, {"decay", lr_decay}};
  if (type == OptimizerType::Sgd) {
    j["momentum"] = momentum;
    j["nesterov"] = nesterov;
  } else {
    j["epsilon"] = epsilon;
  }
  if (type == OptimizerType::RmsProp) j["rho"] = rho;
  if (type == OptimizerType::Adam || type == OptimizerType::AdamW) {
    j["beta1"] = beta1;
    j["beta2"] = beta2;
  }
  if (type == OptimizerType::AdamW) j["weight_decay"] = weight_decay;
  return j;
}

OptimizerConfig OptimizerConfig::from_json(const nlohmann::json& j) {
  if (!j.is_object() || !j.contains("type") || !j["type"].is_string())
    throw Error("optimizer entry must be an object with a string 'type'");
  OptimizerConfig c = defaults(j["type"].get<std::string>());
  auto read = [&](const char* key, float& field) {
    if (!j.contains(key)) return;
    if (!j[key].is_number()) throw Error(std::string("optimizer: '") + key + "' must be a number");
    field = j[key].get<float>();
  };
  read("lr", c.lr);
  read("decay", c.lr_decay);
  read("momentum", c.momentum);
  read("epsilon", c.epsilon);
  read("rho", c.rho);
  read("beta1", c.beta1);
  read("beta2", c.beta2);
  read("weight_decay", c.weight_decay);
  if (j.contains("nesterov")) c.nesterov = j["nesterov"].is_boolean() && j["nesterov"].get<bool>();
  c.validate();
  return c;
}

void OptimizerConfig::validate() const {
  auto require = [](bool ok, const std::string& what) {
    if (!ok) throw Error("optimizer " + what);
  };
  require(std::isfinite(lr) && lr > 0.0f, "learning rate must be > 0, got " + std::to_string(lr));
  require(std::isfinite(lr_decay) && lr_decay >= 0.0f, "learning-rate decay must be >= 0");
  require(momentum >= 0.0f && momentum < 1.0f, "momentum must be in [0, 1)");
  require(epsilon > 0.0f, "epsilon must be > 0");
  require(rho > 0.0f && rho < 1.0f, "rho must be in (0, 1)");
  require(beta1 >= 0.0f && beta1 < 1.0f, "beta1 must be in [0, 1)");
  require(beta2 >= 0.0f && beta2 < 1.0f, "beta2 must be in [0, 1)");
  require(weight_decay >= 0.0f, "weight decay must be >= 0");
  require(!nesterov || type == OptimizerType::Sgd, "nesterov applies to sgd only");
}

std::unique_ptr<Optimizer> make_optimizer(const OptimizerConfig& config) {
  config.validate();
  switch (config.type) {
    case OptimizerType::Sgd: return std::make_unique<Sgd>(config);
    case OptimizerType::AdaGrad: return std::make_unique<AdaGrad>(config);
    case OptimizerType::RmsProp: return std::make_unique<RmsProp>(config);
    case OptimizerType::Adam:
    case OptimizerType::AdamW: break;
  }
  return std::make_unique<Adam>(config);  // adam and adamw
}

}  // namespace nnfs
