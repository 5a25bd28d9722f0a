#include "engine/train/training_history.h"

#include <algorithm>
#include <cmath>

namespace nnfs {

namespace {

using json = nlohmann::json;

// Full precision: the record is the run's result, and a resumed run must write the same bytes.
// A non-finite value (JSON has none) is null.
json exact(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

bool number(const json& j) { return j.is_number(); }
// Parsed files give unsigned integers, JSON built in code signed ones: accept both when >= 0.
bool count(const json& j) { return j.is_number_unsigned() || (j.is_number_integer() && j.get<long long>() >= 0); }

}  // namespace

void TrainingHistory::add_epoch(const EpochResult& r) {
  epochs.push_back(r);
  epoch_batch_end.push_back(batch_loss.size());
}

void TrainingHistory::store(json& training) const {
  if (!training.is_object()) training = json::object();
  json history = json::array();
  for (std::size_t i = 0; i < epochs.size(); ++i) {
    const EpochResult& r = epochs[i];
    json h = {{"epoch", r.epoch}, {"train_loss", exact(r.train_loss)}, {"train_acc", exact(r.train_acc)}};
    h["test_loss"] = r.test_loss ? exact(*r.test_loss) : json(nullptr);
    h["test_acc"] = r.test_acc ? exact(*r.test_acc) : json(nullptr);
    h["regularization_loss"] = exact(r.regularization_loss);
    h["lr"] = exact(r.learning_rate);
    h["batch_end"] = epoch_batch_end[i];
    history.push_back(std::move(h));
  }
  json losses = json::array();
  for (float v : batch_loss) losses.push_back(std::isfinite(v) ? json(v) : json(nullptr));
  training["history"] = std::move(history);
  training["batch_loss"] = std::move(losses);
}

TrainingHistory TrainingHistory::load(const json& training) {
  TrainingHistory h;
  if (!training.is_object()) return h;
  auto losses = training.find("batch_loss");
  if (losses != training.end() && losses->is_array())
    for (const json& v : *losses) h.batch_loss.push_back(number(v) ? v.get<float>() : NAN);
  auto history = training.find("history");
  if (history == training.end() || !history->is_array()) return h;
  for (const json& e : *history) {
    if (!e.is_object() || !e.contains("epoch") || !count(e["epoch"]) || e["epoch"] == 0) continue;
    EpochResult r;
    r.epoch = e["epoch"].get<std::size_t>();
    if (!h.epochs.empty() && r.epoch <= h.epochs.back().epoch) continue;  // keep epochs increasing
    if (e.contains("train_loss") && number(e["train_loss"])) r.train_loss = e["train_loss"].get<double>();
    if (e.contains("train_acc") && number(e["train_acc"])) r.train_acc = e["train_acc"].get<double>();
    if (e.contains("test_loss") && number(e["test_loss"])) r.test_loss = e["test_loss"].get<double>();
    if (e.contains("test_acc") && number(e["test_acc"])) r.test_acc = e["test_acc"].get<double>();
    if (e.contains("regularization_loss") && number(e["regularization_loss"]))
      r.regularization_loss = e["regularization_loss"].get<double>();
    if (e.contains("lr") && number(e["lr"])) r.learning_rate = e["lr"].get<double>();
    std::size_t end = h.epoch_batch_end.empty() ? 0 : h.epoch_batch_end.back();
    if (e.contains("batch_end") && count(e["batch_end"]))
      end = std::max(end, std::min(e["batch_end"].get<std::size_t>(), h.batch_loss.size()));
    h.epochs.push_back(r);
    h.epoch_batch_end.push_back(end);
  }
  return h;
}

}  // namespace nnfs
