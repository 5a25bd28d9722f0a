// OptimizerState: a value copy of everything an optimizer remembers between steps — its step
// count t (learning-rate decay, Adam's bias correction) and its named arrays (momenta, caches),
// each laid out like the parameter arena. Taken between two steps, it lets training continue
// exactly where it was (continue training, save while training).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/optim/optimizer.h"

namespace nnfs {

struct OptimizerState {
  std::optional<OptimizerType> type;  // the optimizer it came from; none: no state
  std::uint64_t steps = 0;
  std::vector<std::pair<std::string, std::vector<float>>> arrays;  // name → [params]

  bool empty() const { return !type; }
  static OptimizerState capture(Optimizer& optimizer);
  // True when `restore` would accept it: same optimizer type, arrays of `params` values (or
  // not sized yet, before the first step).
  bool fits(Optimizer& optimizer, std::size_t params) const;
  // Copies steps and arrays into `optimizer`; throws nnfs::Error when !fits().
  void restore(Optimizer& optimizer, std::size_t params) const;
};

}  // namespace nnfs
