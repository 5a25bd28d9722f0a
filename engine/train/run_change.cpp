#include "engine/train/run_change.h"

#include <cmath>

#include "engine/core/error.h"

namespace nnfs {

namespace {

using json = nlohmann::json;

[[noreturn]] void bad(const char* key, const char* expected) {
  throw Error(std::string("change: '") + key + "' must be " + expected);
}

LrSchedule schedule_from_json(const json& j) {
  if (j.is_string()) return LrSchedule::parse(j.get<std::string>());
  if (!j.is_object() || !j.contains("schedule") || !j["schedule"].is_string())
    bad("schedule", "a schedule name or {\"schedule\": NAME, \"warmup\": FRACTION}");
  LrSchedule s = LrSchedule::parse(j["schedule"].get<std::string>());
  if (j.contains("warmup")) {
    if (!j["warmup"].is_number()) bad("schedule", "an object whose 'warmup' is a number");
    s.warmup = j["warmup"].get<double>();
  }
  s.validate();
  return s;
}

}  // namespace

json RunChange::to_json() const {
  json j = json::object();
  if (lr) j["lr"] = *lr;
  if (epochs) j["epochs"] = *epochs;
  if (augment) j["augment"] = *augment;
  if (schedule) {  // the warm-up only when set: the kind's default stays a default
    j["schedule"] = {{"schedule", schedule->name()}};
    if (schedule->warmup >= 0.0) j["schedule"]["warmup"] = schedule->warmup;
  }
  return j;
}

RunChange RunChange::from_json(const json& j) {
  if (!j.is_object()) throw Error("change: expected a JSON object");
  RunChange c;
  if (const auto it = j.find("lr"); it != j.end()) {
    if (!it->is_number() || !std::isfinite(it->get<double>())) bad("lr", "a finite number");
    c.lr = it->get<float>();
  }
  if (const auto it = j.find("epochs"); it != j.end()) {
    if (!it->is_number_unsigned() || it->get<std::uint64_t>() > kMaxEpochs)
      bad("epochs", ("a whole number from 0 to " + std::to_string(kMaxEpochs)).c_str());
    c.epochs = it->get<std::size_t>();
  }
  if (const auto it = j.find("augment"); it != j.end()) {
    if (!it->is_boolean()) bad("augment", "true or false");
    c.augment = it->get<bool>();
  }
  if (const auto it = j.find("schedule"); it != j.end()) {
    try {
      c.schedule = schedule_from_json(*it);
    } catch (const Error& e) {
      const std::string what = e.what();
      throw Error(what.starts_with("change:") ? what : "change: 'schedule': " + what);
    }
  }
  return c;
}

RunChange RunChange::current_values(const TrainConfig& config) const {
  RunChange now;
  if (lr) now.lr = config.optimizer.lr;
  if (epochs) now.epochs = config.epochs;
  if (augment) now.augment = config.augment.has_value();
  if (schedule) now.schedule = config.schedule;
  return now;
}

void apply_change(TrainConfig& config, const RunChange& change, std::size_t epochs_done) {
  if (change.epochs && *change.epochs < epochs_done)
    throw Error("epochs must be at least " + std::to_string(epochs_done) +
                " (the epochs done or under way), found " + std::to_string(*change.epochs));
  TrainConfig next = config;
  if (change.lr) next.optimizer.lr = *change.lr;
  if (change.epochs) next.epochs = *change.epochs;
  if (change.augment) next.augment = *change.augment ? std::optional<AugmentConfig>(AugmentConfig{}) : std::nullopt;
  if (change.schedule) next.schedule = *change.schedule;
  next.validate();
  config = next;
}

}  // namespace nnfs
