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

OptimizerConfig OptimizerConfig::defaults(const std::string& type) {
  OptimizerConfig c;
  c.type = type;
  if (type == "sgd" || type == "adagrad") c.lr = 1.0f;
  else if (type == "rmsprop" || type == "adam" || type == "adamw") c.lr = 0.001f;
  else throw Error("unknown optimizer '" + type + "' (expected sgd, adagrad, rmsprop, adam or adamw)");
  return c;
}

nlohmann::json OptimizerConfig::to_json() const {
  nlohmann::json j = {{"type", type}, {"lr", lr}, {"decay", decay}};
  if (type == "sgd") {
    j["momentum"] = momentum;
    j["nesterov"] = nesterov;
  } else {
    j["epsilon"] = epsilon;
  }
  if (type == "rmsprop") j["rho"] = rho;
  if (type == "adam" || type == "adamw") {
    j["beta1"] = beta1;
    j["beta2"] = beta2;
  }
  if (type == "adamw") j["weight_decay"] = weight_decay;
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
  read("decay", c.decay);
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
  defaults(type);  // throws for an unknown type
  auto require = [](bool ok, const std::string& what) {
    if (!ok) throw Error("optimizer " + what);
  };
  require(std::isfinite(lr) && lr > 0.0f, "learning rate must be > 0, got " + std::to_string(lr));
  require(std::isfinite(decay) && decay >= 0.0f, "decay must be >= 0");
  require(momentum >= 0.0f && momentum < 1.0f, "momentum must be in [0, 1)");
  require(epsilon > 0.0f, "epsilon must be > 0");
  require(rho > 0.0f && rho < 1.0f, "rho must be in (0, 1)");
  require(beta1 >= 0.0f && beta1 < 1.0f, "beta1 must be in [0, 1)");
  require(beta2 >= 0.0f && beta2 < 1.0f, "beta2 must be in [0, 1)");
  require(weight_decay >= 0.0f, "weight decay must be >= 0");
  require(!nesterov || type == "sgd", "nesterov applies to sgd only");
}

std::unique_ptr<Optimizer> make_optimizer(const OptimizerConfig& config) {
  config.validate();
  if (config.type == "sgd") return std::make_unique<Sgd>(config);
  if (config.type == "adagrad") return std::make_unique<AdaGrad>(config);
  if (config.type == "rmsprop") return std::make_unique<RmsProp>(config);
  return std::make_unique<Adam>(config);  // adam and adamw
}

}  // namespace nnfs
