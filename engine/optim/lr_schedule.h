// Learning-rate schedules: the rate at optimizer step t of a run of T steps, as a factor of the
// configured (peak) rate. Applied on top of the optimizer's own 1/(1 + decay·t).
//
//   constant  f(t) = 1
//   cosine    f(t) = t/W during a linear warm-up of W = warmup·T steps, then
//                    ½·(1 + cos(π·(t - W)/(T - W)))                        (1 → 0)
//   onecycle  Smith's one-cycle as PyTorch's OneCycleLR: over the first W = warmup·T steps
//             (default 30%) a cosine rise from 1/25 to 1, then a cosine fall to 1/(25·10⁴)
//
// A function of (t, T) only, so a resumed run gets the same rates as an uninterrupted one.
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace nnfs {

struct LrSchedule {
  enum class Kind { Constant, Cosine, OneCycle };
  Kind kind = Kind::Constant;
  double warmup = -1.0;  // fraction of the steps; < 0: the kind's default (cosine 0, onecycle 0.3)

  // Factor for step t (0-based) of `total` steps.
  float factor(std::uint64_t t, std::uint64_t total) const;
  double warmup_fraction() const;

  // "constant", "cosine", "onecycle"; throws nnfs::Error naming the choices.
  static LrSchedule parse(const std::string& name);
  std::string name() const;
  void validate() const;  // throws nnfs::Error for a warm-up outside [0, 1)
  nlohmann::json to_json() const;
  bool operator==(const LrSchedule&) const = default;
};

}  // namespace nnfs
