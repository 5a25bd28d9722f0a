#include "app/studio/run_compare.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <map>
#include <tuple>

namespace nnfs::studio {

namespace {

// Newest first, then by id: the order every tie falls back on.
bool newer(const RunSummary& a, const RunSummary& b) { return std::tie(b.started, a.id) < std::tie(a.started, b.id); }

// -1, 0, 1 for the column's natural order (text, numbers ascending).
template <class T>
int compare(const T& a, const T& b) {
  return a < b ? -1 : b < a ? 1 : 0;
}

int compare_column(const RunSummary& a, const RunSummary& b, RunColumn column) {
  switch (column) {
    case RunColumn::Name: return compare(a.name, b.name);
    case RunColumn::Started: return compare(a.started, b.started);
    case RunColumn::Data: return compare(a.data, b.data);
    case RunColumn::Network: return compare(a.network, b.network);
    case RunColumn::Optimizer: return compare(a.optimizer, b.optimizer);
    case RunColumn::Epochs: return compare(a.epochs_done, b.epochs_done);
    case RunColumn::BestAccuracy: return compare(*a.best_test_acc, *b.best_test_acc);
    case RunColumn::Duration: return compare(a.duration, b.duration);
    case RunColumn::State: return compare(std::string(to_string(a.state)), std::string(to_string(b.state)));
  }
  return 0;
}

void flatten(const nlohmann::json& value, const std::string& key, std::map<std::string, std::string>& out) {
  if (value.is_object() && !value.empty()) {
    for (const auto& [k, v] : value.items()) flatten(v, key.empty() ? k : key + "." + k, out);
    return;
  }
  if (value.is_number_float()) {  // float settings stored as double: 0.9, not 0.8999999761581421
    char text[32];
    std::snprintf(text, sizeof text, "%g", value.get<double>());
    out[key] = text;
    return;
  }
  out[key] = value.is_string() ? value.get<std::string>() : value.dump();
}

}  // namespace

void sort_runs(std::vector<RunSummary>& rows, RunColumn column, bool ascending) {
  std::sort(rows.begin(), rows.end(), [&](const RunSummary& a, const RunSummary& b) {
    if (column == RunColumn::BestAccuracy && a.best_test_acc.has_value() != b.best_test_acc.has_value())
      return a.best_test_acc.has_value();  // runs without an accuracy last, either way
    const int c = column == RunColumn::BestAccuracy && !a.best_test_acc ? 0 : compare_column(a, b, column);
    if (c != 0) return ascending ? c < 0 : c > 0;
    return newer(a, b);
  });
}

std::vector<SettingDiff> differing_settings(std::span<const nlohmann::json> settings) {
  if (settings.size() < 2) return {};
  std::vector<std::map<std::string, std::string>> flat(settings.size());
  std::map<std::string, bool> keys;
  for (std::size_t i = 0; i < settings.size(); ++i) {
    flatten(settings[i], "", flat[i]);
    for (const auto& kv : flat[i]) keys[kv.first] = true;
  }
  std::vector<SettingDiff> diffs;
  for (const auto& kv : keys) {
    SettingDiff d{kv.first, {}};
    for (const auto& run : flat) {
      const auto it = run.find(kv.first);
      d.values.push_back(it == run.end() ? "—" : it->second);
    }
    if (std::adjacent_find(d.values.begin(), d.values.end(), std::not_equal_to<>()) != d.values.end())
      diffs.push_back(std::move(d));
  }
  return diffs;
}

const char* to_string(OverlayX x) {
  switch (x) {
    case OverlayX::Epoch: return "epoch";
    case OverlayX::Step: return "step";
    case OverlayX::Time: return "time (s)";
  }
  return "";
}

OverlayAxis::OverlayAxis(const TrainingHistory& history, std::size_t steps_per_epoch, std::span<const float> batch_seconds)
    : h_(history), steps_per_epoch_(steps_per_epoch), batch_seconds_(batch_seconds) {
  double total = 0.0;
  for (const EpochResult& e : h_.epochs) end_seconds_.push_back(total += e.seconds);
}

std::optional<double> OverlayAxis::x(double step, OverlayX mode) const {
  if (mode == OverlayX::Step) return step;
  if (mode == OverlayX::Time && !batch_seconds_.empty() && step >= 0.0 && step <= static_cast<double>(batch_seconds_.size())) {
    // Between the ends of batches floor(step) and ceil(step) (batch 0 ends at 0 s).
    const auto at = [&](std::size_t k) { return k == 0 ? 0.0 : static_cast<double>(batch_seconds_[k - 1]); };
    const auto lo = static_cast<std::size_t>(std::floor(step));
    const std::size_t hi = std::min(lo + 1, batch_seconds_.size());
    return at(lo) + (step - static_cast<double>(lo)) * (at(hi) - at(lo));
  }
  const std::vector<std::size_t>& ends = h_.epoch_batch_end;
  const std::size_t n = std::min(ends.size(), h_.epochs.size());
  // The epoch the step falls in (k), and where it begins and ends in steps.
  const std::size_t k = static_cast<std::size_t>(std::lower_bound(ends.begin(), ends.begin() + static_cast<std::ptrdiff_t>(n), step) - ends.begin());
  const double b0 = k == 0 ? 0.0 : static_cast<double>(ends[k - 1]);
  double span = 0.0, epoch_before = 0.0, seconds_before = k == 0 ? 0.0 : end_seconds_[k - 1], seconds = 0.0;
  if (k < n) {
    span = static_cast<double>(ends[k]) - b0;
    seconds = h_.epochs[k].seconds;
  } else if (n > 0) {  // past the last finished epoch: at its pace
    span = static_cast<double>(ends[n - 1]) - (n == 1 ? 0.0 : static_cast<double>(ends[n - 2]));
    seconds = h_.epochs[n - 1].seconds;
  } else {
    span = static_cast<double>(steps_per_epoch_);
  }
  if (!h_.epochs.empty()) epoch_before = static_cast<double>(h_.epochs.front().epoch) - 1.0 + static_cast<double>(k);
  const double fraction = span > 0.0 ? (step - b0) / span : 0.0;
  if (mode == OverlayX::Epoch) return span > 0.0 ? std::optional<double>(epoch_before + fraction) : std::nullopt;
  if (n == 0 || seconds <= 0.0) return std::nullopt;
  return seconds_before + fraction * seconds;
}

std::size_t steps_per_epoch(const nlohmann::json& settings) {
  if (!settings.is_object()) return 0;
  const auto samples = settings.find("train_samples");
  const auto config = settings.find("config");
  const auto whole = [](const nlohmann::json& v) { return v.is_number_integer() && v.get<std::int64_t>() > 0; };
  if (samples == settings.end() || !whole(*samples) || config == settings.end() || !config->is_object()) return 0;
  const auto batch = config->find("batch");
  if (batch == config->end() || !whole(*batch)) return 0;
  const auto split = config->find("validation_split");
  const double fraction = split != config->end() && split->is_number() ? split->get<double>() : 0.0;
  const auto count = samples->get<std::size_t>();
  const auto held_out = static_cast<std::size_t>(std::llround(fraction * static_cast<double>(count)));
  if (held_out >= count) return 0;
  return (count - held_out + batch->get<std::size_t>() - 1) / batch->get<std::size_t>();
}

OverlayCurves overlay_curves(const TrainingHistory& h, std::size_t steps_per_epoch, OverlayX mode, float smoothing,
                             std::span<const std::size_t> change_steps, std::span<const float> batch_seconds) {
  OverlayCurves c;
  const OverlayAxis axis(h, steps_per_epoch, batch_seconds);
  float ema = 0.0f;
  for (std::size_t i = 0; i < h.batch_loss.size(); ++i) {
    const float loss = h.batch_loss[i];
    ema = i == 0 || !std::isfinite(ema) ? loss : smoothing * ema + (1.0f - smoothing) * loss;
    if (const auto x = axis.x(static_cast<double>(i + 1), mode)) {
      c.step_x.push_back(static_cast<float>(*x));
      c.step_loss.push_back(ema);
    }
  }
  for (std::size_t k = 0; k < h.epochs.size(); ++k) {
    const EpochResult& e = h.epochs[k];
    const double end = k < h.epoch_batch_end.size() ? static_cast<double>(h.epoch_batch_end[k]) : 0.0;
    const std::optional<double> x = mode == OverlayX::Epoch ? std::optional<double>(static_cast<double>(e.epoch))
                                                            : axis.x(end, mode);
    if (!x) continue;
    c.epoch_x.push_back(static_cast<float>(*x));
    c.epoch_loss.push_back(static_cast<float>(e.test_loss.value_or(e.train_loss)));
    c.epoch_acc.push_back(static_cast<float>(100.0 * e.test_acc.value_or(e.train_acc)));
  }
  for (const std::size_t step : change_steps)
    if (const auto x = axis.x(static_cast<double>(step), mode)) c.change_x.push_back(static_cast<float>(*x));
  return c;
}

}  // namespace nnfs::studio
