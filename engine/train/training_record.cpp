#include "engine/train/training_record.h"

#include "engine/model/architecture.h"

namespace nnfs {

void RunDescription::store(nlohmann::json& info) const {
  if (!info.is_object()) info = nlohmann::json::object();
  info["dataset"] = dataset;
  info["preset"] = preset;
}

RunDescription RunDescription::load(const nlohmann::json& info) {
  auto text = [&](const char* key) {
    const auto it = info.is_object() ? info.find(key) : info.end();
    return it != info.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  return {text("dataset"), text("preset")};
}

nlohmann::json training_record(const Model& model, const RunDescription& run, const TrainConfig& config,
                               std::size_t train_samples, const TrainingHistory& history) {
  nlohmann::json t = {{"dataset", run.dataset},
                      {"arch", to_arch_string(model.net.architecture())},
                      {"config", config.to_json()},
                      {"train_samples", train_samples},
                      {"epochs", history.epochs_done()}};
  if (!run.preset.empty()) t["preset"] = run.preset;
  history.store(t);
  if (!history.epochs.empty() && history.epochs.back().test_acc) t["test_accuracy"] = *history.epochs.back().test_acc;
  return t;
}

}  // namespace nnfs
