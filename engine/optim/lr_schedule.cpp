#include "engine/optim/lr_schedule.h"

#include <algorithm>
#include <cmath>

#include "engine/core/error.h"

namespace nnfs {

namespace {

constexpr double kPi = 3.14159265358979323846;

// Cosine interpolation from a (p = 0) to b (p = 1).
double cosine_between(double a, double b, double p) { return b + (a - b) * 0.5 * (1.0 + std::cos(kPi * p)); }

}  // namespace

double LrSchedule::warmup_fraction() const {
  if (warmup >= 0.0) return warmup;
  return kind == Kind::OneCycle ? 0.3 : 0.0;
}

float LrSchedule::factor(std::uint64_t t, std::uint64_t total) const {
  if (kind == Kind::Constant || total == 0) return 1.0f;
  const double steps = static_cast<double>(total);
  const double step = static_cast<double>(std::min(t, total - 1));
  const double w = std::floor(warmup_fraction() * steps);
  const double rest = std::max(1.0, steps - w);
  if (kind == Kind::Cosine) {
    if (step < w) return static_cast<float>((step + 1.0) / (w + 1.0));  // never exactly 0
    return static_cast<float>(cosine_between(1.0, 0.0, (step - w) / rest));
  }
  // One-cycle: 1/25 → 1 → 1/(25·10⁴)
  constexpr double start = 1.0 / 25.0, end = start / 1e4;
  if (step < w) return static_cast<float>(cosine_between(start, 1.0, step / w));
  return static_cast<float>(cosine_between(1.0, end, (step - w) / rest));
}

LrSchedule LrSchedule::parse(const std::string& name) {
  if (name == "constant" || name == "none") return {Kind::Constant};
  if (name == "cosine") return {Kind::Cosine};
  if (name == "onecycle" || name == "one-cycle") return {Kind::OneCycle};
  throw Error("unknown learning-rate schedule '" + name + "' (expected constant, cosine or onecycle)");
}

std::string LrSchedule::name() const {
  switch (kind) {
    case Kind::Constant: return "constant";
    case Kind::Cosine: return "cosine";
    case Kind::OneCycle: return "onecycle";
  }
  return "constant";
}

void LrSchedule::validate() const {
  if (std::isnan(warmup) || warmup >= 1.0)
    throw Error("learning-rate warm-up must be a fraction in [0, 1), got " + std::to_string(warmup));
}

nlohmann::json LrSchedule::to_json() const {
  nlohmann::json j = {{"schedule", name()}};
  if (kind != Kind::Constant) j["warmup"] = warmup_fraction();
  return j;
}

}  // namespace nnfs
