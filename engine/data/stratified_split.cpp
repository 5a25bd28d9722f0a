#include "engine/data/stratified_split.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "engine/core/error.h"

namespace nnfs {

TrainValidation stratified_split(const Dataset& data, double fraction, std::uint64_t seed,
                                 std::vector<std::size_t>* held_out) {
  if (!(fraction >= 0.0 && fraction < 1.0))
    throw Error("hold-out fraction must be in [0, 1), got " + std::to_string(fraction));
  if (data.labels.size() != data.count) throw Error(data.source + ": a stratified split needs class labels");
  std::map<std::int32_t, std::vector<std::size_t>> by_class;
  for (std::size_t i = 0; i < data.count; ++i) by_class[data.labels[i]].push_back(i);
  std::vector<std::size_t> train, held;
  Rng rng(seed);
  std::vector<std::size_t> order;
  for (auto& [label, members] : by_class) {
    const std::size_t n = members.size();
    auto k = static_cast<std::size_t>(std::llround(fraction * static_cast<double>(n)));
    if (fraction > 0.0 && n >= 2) k = std::clamp<std::size_t>(k, 1, n - 1);
    shuffled_order(order, n, rng);
    for (std::size_t j = 0; j < n; ++j) (j < k ? held : train).push_back(members[order[j]]);
  }
  // Each part keeps the dataset's order: the split is random, the layout stays familiar.
  std::sort(train.begin(), train.end());
  std::sort(held.begin(), held.end());
  if (held_out) *held_out = held;
  return TrainValidation{data.subset(train), data.subset(held)};
}

}  // namespace nnfs
