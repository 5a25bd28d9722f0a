// Optimizer: updates every parameter from its gradient, as one flat loop over the model's
// parameter arena.
//
// All optimizers share the book's per-step learning-rate decay
//     lr_t = lr / (1 + lr_decay · t)     t = number of steps taken so far
// (not AdamW's weight decay, which shrinks the weights themselves)
// and keep their state (momenta, caches) in arrays laid out like the arena.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace nnfs {

enum class OptimizerType : std::uint8_t { Sgd, AdaGrad, RmsProp, Adam, AdamW };
const char* to_string(OptimizerType type);  // "sgd", "adagrad", "rmsprop", "adam", "adamw"
// The type named `name`; throws nnfs::Error naming the five for anything else.
OptimizerType parse_optimizer_type(const std::string& name);

struct OptimizerConfig {
  OptimizerType type = OptimizerType::Adam;
  float lr = 0.001f;
  float lr_decay = 0.0f;      // the learning rate's decay per step (JSON key "decay", the book's)
  float momentum = 0.0f;      // sgd
  bool nesterov = false;      // sgd
  float epsilon = 1e-7f;      // adagrad, rmsprop, adam(w)
  float rho = 0.9f;           // rmsprop cache decay
  float beta1 = 0.9f;         // adam(w)
  float beta2 = 0.999f;       // adam(w)
  float weight_decay = 0.01f; // adamw

  // The book's defaults for each optimizer (learning rate differs: SGD and AdaGrad use 1.0).
  static OptimizerConfig defaults(OptimizerType type);
  static OptimizerConfig defaults(const std::string& name) { return defaults(parse_optimizer_type(name)); }
  nlohmann::json to_json() const;  // only the fields that matter for `type`
  static OptimizerConfig from_json(const nlohmann::json& j);
  void validate() const;           // throws nnfs::Error for out-of-range values
};

class Optimizer {
 public:
  explicit Optimizer(OptimizerConfig config) : config_(std::move(config)) {}
  virtual ~Optimizer() = default;

  // One update of all parameters w from gradients g (same layout).
  void step(std::span<float> w, std::span<const float> g);

  float current_lr() const {
    return lr_scale_ * config_.lr / (1.0f + config_.lr_decay * static_cast<float>(steps_));
  }
  // Scales the learning rate of the following steps (a schedule's factor, lr_schedule.h).
  void set_lr_scale(float scale) { lr_scale_ = scale; }
  // A new base rate for the following steps (a run's settings changed while it trains).
  void set_base_lr(float lr) { config_.lr = lr; }
  std::uint64_t steps() const { return steps_; }
  const OptimizerConfig& config() const { return config_; }

  // Named state arrays (for checkpoints and snapshots); restored with set_state.
  virtual std::vector<std::pair<std::string, std::vector<float>*>> state() { return {}; }
  void set_steps(std::uint64_t steps) { steps_ = steps; }

 protected:
  virtual void update(std::span<float> w, std::span<const float> g, float lr) = 0;
  // Sizes a state array to the arena on the first step (later steps allocate nothing).
  static void ensure_size(std::vector<float>& state, std::size_t n) {
    if (state.size() != n) state.assign(n, 0.0f);
  }

  OptimizerConfig config_;
  std::uint64_t steps_ = 0;
  float lr_scale_ = 1.0f;
};

std::unique_ptr<Optimizer> make_optimizer(const OptimizerConfig& config);

}  // namespace nnfs
