#include "engine/train/train_config.h"

#include "engine/core/error.h"

namespace nnfs {

void TrainConfig::validate() const {
  if (epochs == 0 || epochs > kMaxEpochs)
    throw Error("epochs must be from 1 to " + std::to_string(kMaxEpochs) + ", found " + std::to_string(epochs));
  if (batch == 0 || batch > kMaxBatch)
    throw Error("batch size must be from 1 to " + std::to_string(kMaxBatch) + ", found " + std::to_string(batch));
  if (!(validation_split >= 0.0 && validation_split < 1.0)) throw Error("validation split must be in [0, 1)");
  if (threads < 0 || threads > kMaxThreads)
    throw Error("threads must be from 0 to " + std::to_string(kMaxThreads) + " (0 = all cores), found " +
                std::to_string(threads));
  optimizer.validate();
  schedule.validate();
  if (augment) augment->validate();
  if (clean_epochs > kMaxEpochs)
    throw Error("clean epochs must be from 0 to " + std::to_string(kMaxEpochs) + ", found " + std::to_string(clean_epochs));
}

TrainRecipe recipe_for(const nlohmann::json& architecture) {
  TrainRecipe r;
  if (!architecture.is_array()) return r;
  for (const auto& layer : architecture)
    if (layer.is_object() && layer.value("type", "") == "conv2d") {
      r.augment = true;
      r.schedule = LrSchedule::parse("onecycle");
      r.adam_lr = 4e-3f;
      break;
    }
  return r;
}

nlohmann::json TrainConfig::to_json() const {
  nlohmann::json j = {{"epochs", epochs}, {"batch", batch}, {"optimizer", optimizer.to_json()}, {"seed", seed},
                      {"validation_split", validation_split}};
  if (schedule.kind != LrSchedule::Kind::Constant) j["lr_schedule"] = schedule.to_json();
  if (augment) j["augment"] = augment->to_json();
  if (clean_epochs) j["clean_epochs"] = clean_epochs;  // only when set: older readers see the same file
  return j;
}

}  // namespace nnfs
