// Rng: a small, fast, fully deterministic random generator (xoshiro256**, seeded by splitmix64).
//
// std::normal_distribution and std::shuffle are implementation-defined, so the same seed could
// give different weights on another standard library; everything random in the engine goes
// through this class instead, which makes "same seed, same weights" hold everywhere.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace nnfs {

class Rng {
 public:
  explicit Rng(std::uint64_t seed = 1);

  std::uint64_t next_u64();
  float uniform();                          // [0, 1)
  float uniform(float lo, float hi);        // [lo, hi)
  std::size_t below(std::size_t n);         // uniform integer in [0, n), unbiased
  float normal();                           // standard normal, Box-Muller
  bool bernoulli(float p);                  // true with probability p

  template <typename T>
  void shuffle(std::span<T> items) {        // Fisher-Yates
    for (std::size_t i = items.size(); i > 1; --i) {
      std::size_t j = below(i);
      T tmp = items[i - 1];
      items[i - 1] = items[j];
      items[j] = tmp;
    }
  }

  // The full state, for checkpoints.
  struct State { std::uint64_t s[4]; };
  State state() const;
  void set_state(const State& state);

 private:
  std::uint64_t s_[4];
};

}  // namespace nnfs
