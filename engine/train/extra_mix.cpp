#include "engine/train/extra_mix.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "engine/core/error.h"
#include "engine/core/rng.h"
#include "engine/train/extra_data.h"

namespace nnfs {

namespace {
constexpr std::uint64_t kExtraSeedMix = 0x9E3779B97F4A7C15ull;  // E's order: a stream of its own
}

std::size_t extra_per_batch(std::size_t batch, double share) {
  if (batch < 2) return 0;
  const auto k = static_cast<std::size_t>(std::llround(share * static_cast<double>(batch)));
  return std::clamp<std::size_t>(k, 1, batch - 1);
}

std::size_t mixed_steps(std::size_t main_count, std::size_t batch, std::size_t k) {
  const std::size_t per = batch - k;
  return (main_count + per - 1) / per;
}

void mixed_order(std::vector<std::size_t>& order, std::span<const std::size_t> main_order, std::size_t extra_count,
                 std::size_t batch, std::size_t k, std::uint64_t seed, std::size_t epoch) {
  const std::size_t m = main_order.size(), per = batch - k, steps = mixed_steps(m, batch, k);
  Rng rng(seed ^ (kExtraSeedMix * (epoch + 1)));
  std::vector<std::size_t> extra;
  std::size_t next_extra = 0;
  order.clear();
  order.reserve(m + steps * k);
  for (std::size_t s = 0; s < steps; ++s) {
    const std::size_t begin = s * per, end = std::min(m, begin + per);
    order.insert(order.end(), main_order.begin() + static_cast<std::ptrdiff_t>(begin),
                 main_order.begin() + static_cast<std::ptrdiff_t>(end));
    for (std::size_t j = 0; j < k; ++j) {
      if (next_extra == extra.size()) {  // used up: a fresh shuffle
        shuffled_order(extra, extra_count, rng);
        next_extra = 0;
      }
      order.push_back(m + extra[next_extra++]);
    }
  }
}

}  // namespace nnfs
