#include "engine/train/teach_recipe.h"

#include <memory>
#include <utility>

#include "engine/core/error.h"
#include "engine/data/stratified_split.h"

namespace nnfs {

void apply_teach_recipe(TrainConfig& config, const TeachDefaults& given) {
  if (!given.epochs_given) config.epochs = 1;
  if (!given.lr_given && config.optimizer.type == OptimizerType::Adam) config.optimizer.lr = 1e-4f;
  if (!given.augment_given) config.augment = AugmentConfig{};
  if (!given.schedule_given) config.schedule = LrSchedule::parse("constant");
  config.validate();
}

ExtraData split_extra(const Dataset& all, double share, double holdout, std::uint64_t seed,
                      std::vector<std::size_t>* held_out) {
  if (all.count == 0) throw Error(all.source + ": no labelled samples");
  TrainValidation parts = stratified_split(all, holdout, seed, held_out);
  ExtraData extra;
  extra.share = share;
  extra.samples = std::make_shared<const Dataset>(std::move(parts.train));
  if (parts.validation.count > 0) extra.holdout = std::make_shared<const Dataset>(std::move(parts.validation));
  return extra;
}

}  // namespace nnfs
