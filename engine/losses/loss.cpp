#include "engine/losses/loss.h"

#include "engine/core/error.h"
#include "engine/losses/categorical_cross_entropy.h"
#include "engine/losses/regression_losses.h"

namespace nnfs {

std::vector<std::string> loss_names() {
  return {"categorical_crossentropy", "binary_crossentropy", "mse", "mae"};
}

std::unique_ptr<Loss> make_loss(const std::string& name) {
  if (name == "categorical_crossentropy" || name == "cce") return std::make_unique<CategoricalCrossEntropy>();
  if (name == "binary_crossentropy" || name == "bce") return std::make_unique<BinaryCrossEntropy>();
  if (name == "mse") return std::make_unique<MeanSquaredError>();
  if (name == "mae") return std::make_unique<MeanAbsoluteError>();
  throw Error("unknown loss '" + name + "' (expected categorical_crossentropy, binary_crossentropy, mse or mae)");
}

}  // namespace nnfs
