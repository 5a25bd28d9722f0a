#include "engine/train/train_config.h"

#include "engine/core/error.h"

namespace nnfs {

void TrainConfig::validate() const {
  if (epochs == 0) throw Error("epochs must be at least 1");
  if (batch == 0) throw Error("batch size must be at least 1");
  if (!(validation_split >= 0.0 && validation_split < 1.0)) throw Error("validation split must be in [0, 1)");
  if (threads < 0) throw Error("threads must be >= 0 (0 = all cores)");
  optimizer.validate();
}

nlohmann::json TrainConfig::to_json() const {
  return {{"epochs", epochs}, {"batch", batch}, {"optimizer", optimizer.to_json()}, {"seed", seed},
          {"validation_split", validation_split}};
}

}  // namespace nnfs
