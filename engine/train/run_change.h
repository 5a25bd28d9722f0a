// RunChange: settings changed while a run trains (the studio's steering) or when it is resumed
// (`nnfs train --resume RUN --epochs 8 --lr 5e-4`). The epoch loop applies a change between two
// batches (TrainCallbacks::take_change), so it takes effect at the next batch; run recorders log
// it as a "change" line of the run's history (docs/RUNS.md).
//
//   lr        the optimizer's base learning rate (the schedule still scales it)
//   epochs    where the run ends, and the schedule's total steps
//   augment   on: the recipe's default AugmentConfig; off: none
//   schedule  constant, cosine or onecycle (with its warm-up)
//
// JSON: {"lr": 5e-4, "epochs": 8, "augment": true, "schedule": {"schedule": "cosine", "warmup": 0}}
// with only the settings that change.
#pragma once

#include <cstddef>
#include <optional>

#include <nlohmann/json.hpp>

#include "engine/optim/lr_schedule.h"
#include "engine/train/train_config.h"

namespace nnfs {

struct RunChange {
  std::optional<float> lr;
  std::optional<std::size_t> epochs;
  std::optional<bool> augment;
  std::optional<LrSchedule> schedule;

  bool empty() const { return !lr && !epochs && !augment && !schedule; }
  nlohmann::json to_json() const;
  // Throws nnfs::Error naming the key and what was expected ("change: 'lr' must be a number").
  static RunChange from_json(const nlohmann::json& j);
  // The values `config` has now for the settings this change sets (the "from" of a change line).
  RunChange current_values(const TrainConfig& config) const;
  bool operator==(const RunChange&) const = default;
};

// Applies `change` to `config` and validates the result. `epochs_done` is the number of epochs
// finished or under way: the run cannot end before them. Throws nnfs::Error naming the setting
// ("epochs must be at least 2 (the epochs done or under way), found 1"); `config` is unchanged then.
void apply_change(TrainConfig& config, const RunChange& change, std::size_t epochs_done);

}  // namespace nnfs
