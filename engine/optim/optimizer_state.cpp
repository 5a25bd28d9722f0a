#include "engine/optim/optimizer_state.h"

#include "engine/core/error.h"

namespace nnfs {

OptimizerState OptimizerState::capture(Optimizer& optimizer) {
  OptimizerState s;
  s.type = optimizer.config().type;
  s.steps = optimizer.steps();
  for (const auto& [name, array] : optimizer.state()) s.arrays.emplace_back(name, *array);
  return s;
}

bool OptimizerState::fits(Optimizer& optimizer, std::size_t params) const {
  if (type != optimizer.config().type) return false;
  auto named = optimizer.state();
  if (named.size() != arrays.size()) return false;
  for (std::size_t i = 0; i < named.size(); ++i) {
    if (named[i].first != arrays[i].first) return false;
    // An array that was never sized (state taken before the first step) restores as "fresh".
    if (!arrays[i].second.empty() && arrays[i].second.size() != params) return false;
  }
  return true;
}

void OptimizerState::restore(Optimizer& optimizer, std::size_t params) const {
  if (!fits(optimizer, params))
    throw Error(std::string("optimizer state of '") + (type ? to_string(*type) : "none") + "' does not fit optimizer '" +
                to_string(optimizer.config().type) +
                "' with " + std::to_string(params) + " parameters");
  optimizer.set_steps(steps);
  auto named = optimizer.state();
  for (std::size_t i = 0; i < named.size(); ++i) *named[i].second = arrays[i].second;
}

}  // namespace nnfs
