// Teaching a trained model extra labelled samples — `nnfs train --init MODEL --extra PATH` and the
// studio's "Teach the model my digits" — in one place: the fine-tuning recipe and how the extra
// samples are split into the part mixed into every batch and the part held out to score them
// (docs/MY_DIGITS.md says why the recipe is what it is).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "engine/data/dataset.h"
#include "engine/train/extra_data.h"
#include "engine/train/train_config.h"

namespace nnfs {

inline constexpr double kExtraShare = 0.25;   // of every batch, unless PATH:SHARE says otherwise
inline constexpr double kExtraHoldout = 0.2;  // of every class of the extra samples, held out

// What the user chose; the recipe fills in the rest: 1 epoch, Adam at lr 1e-4 (other optimizers
// keep their rate), augmentation on, constant schedule. Validates the result.
struct TeachDefaults {
  bool epochs_given = false, lr_given = false, augment_given = false, schedule_given = false;
};
void apply_teach_recipe(TrainConfig& config, const TeachDefaults& given = {});

// `all` as extra samples: a stratified `holdout` fraction of every class held out (stratified_split,
// seeded by `seed`), the rest mixed into every batch at `share`. `held_out` gets the indices into
// `all` of the held-out samples, ascending. Throws a one-line nnfs::Error naming `all.source`
// when there are no samples.
ExtraData split_extra(const Dataset& all, double share, double holdout, std::uint64_t seed,
                      std::vector<std::size_t>* held_out = nullptr);

}  // namespace nnfs
