#include "engine/train/progress.h"

namespace nnfs {

nlohmann::json EpochResult::to_json() const {
  nlohmann::json j = {{"epoch", epoch}, {"train_loss", train_loss}, {"train_acc", train_acc}};
  j["test_loss"] = test_loss ? nlohmann::json(*test_loss) : nlohmann::json(nullptr);
  j["test_acc"] = test_acc ? nlohmann::json(*test_acc) : nlohmann::json(nullptr);
  if (extra_acc) j["extra_acc"] = *extra_acc;
  j["seconds"] = seconds;
  return j;
}

}  // namespace nnfs
