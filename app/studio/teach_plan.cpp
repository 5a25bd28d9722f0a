#include "app/studio/teach_plan.h"

#include <filesystem>

#include "engine/core/error.h"
#include "engine/data/digit_store.h"
#include "engine/train/evaluate.h"
#include "engine/train/teach_recipe.h"

namespace nnfs::studio {

std::string teach_shortfall(const std::vector<std::size_t>& counts) {
  std::string short_of;
  bool any = false;
  for (std::size_t k = 0; k < counts.size(); ++k) {
    if (counts[k] == 0) continue;
    any = true;
    if (counts[k] >= kTeachMinPerClass) continue;
    short_of += (short_of.empty() ? "" : ", ") + std::to_string(k) + " has " + std::to_string(counts[k]);
  }
  if (!any) return "Draw and label some digits first (keys 0-9 while the canvas has the focus)";
  if (short_of.empty()) return "";
  return "Teaching needs at least " + std::to_string(kTeachMinPerClass) +
         " of each digit you keep (one in five is held out to score it): " + short_of;
}

TeachPlan plan_teaching(const Model& model, const Dataset* test, const std::string& digits_dir, std::uint64_t seed) {
  std::error_code ec;
  if (!std::filesystem::is_directory(digits_dir, ec)) throw Error(digits_dir + ": My digits holds no drawings yet");
  const DigitStore store(digits_dir);
  const Dataset all = store.dataset();
  std::vector<std::size_t> counts(10, 0);
  for (const std::int32_t label : all.labels) ++counts[static_cast<std::size_t>(label)];
  if (std::string why = teach_shortfall(counts); !why.empty()) throw Error(digits_dir + ": " + why);
  check_compatible(model, all);
  TeachPlan plan;
  std::vector<std::size_t> held;
  plan.extra = split_extra(all, kExtraShare, kExtraHoldout, seed, &held);
  for (const std::size_t i : held) plan.held_out_ids.push_back(store.samples()[i].id);
  plan.test_images = test ? test->count : 0;
  plan.before = score_model(model, plan.extra.holdout.get(), test);
  return plan;
}

TeachScore score_model(const Model& model, const Dataset* mine, const Dataset* test) {
  TeachScore score;
  if (mine && mine->count > 0) score.mine = evaluate(model, *mine).accuracy;
  if (test && test->count > 0) score.mnist = evaluate(model, *test).accuracy;
  return score;
}

TrainConfig teach_config(std::uint64_t seed, int threads) {
  TrainConfig config;
  config.seed = seed;
  config.threads = threads;
  apply_teach_recipe(config);
  return config;
}

}  // namespace nnfs::studio
