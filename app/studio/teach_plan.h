// "Teach the model my digits", the parts that need no window: whether My digits holds enough to
// teach with, reading and splitting them (a stratified fifth held out), scoring a model on the
// held-out digits and the MNIST test set, and the run's settings (the engine's fine-tuning recipe,
// the one `nnfs train --init` uses: engine/train/teach_recipe.h). The studio's flow around them is
// teach_flow.h; these run on a BackgroundJob thread, never on the UI thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "app/studio/teach_session.h"
#include "engine/data/dataset.h"
#include "engine/model/model.h"
#include "engine/train/extra_data.h"
#include "engine/train/train_config.h"

namespace nnfs::studio {

// Every digit that has drawings needs this many, so that one in five can be held out and the rest
// still teach (stratified_split holds out at least one of each class).
inline constexpr std::size_t kTeachMinPerClass = 5;

// Why `counts` (drawings per digit) are not enough to teach with, in one line; "" when they are:
// "Draw and label some digits first …", or "… at least 5 of each digit you keep: 7 has 3, 2 has 1".
std::string teach_shortfall(const std::vector<std::size_t>& counts);

// What teaching starts from, made before the run.
struct TeachPlan {
  ExtraData extra;                          // My digits: mixed into every batch, and held out
  std::vector<std::uint64_t> held_out_ids;  // the store's ids of the held-out digits, ascending
  std::size_t test_images = 0;              // the MNIST test set's size (0: none)
  TeachScore before;                        // the model before teaching
};

// Reads My digits from the store in `digits_dir` (a second reader of it: the studio's own store
// object stays with the UI thread), holds out a stratified kExtraHoldout of every digit (seeded
// by `seed`), and scores `model` on them and on `test` (may be null or empty). Throws a one-line
// nnfs::Error when the store has no drawings, too few of a digit (teach_shortfall), or the model
// cannot read them (check_compatible's message).
TeachPlan plan_teaching(const Model& model, const Dataset* test, const std::string& digits_dir, std::uint64_t seed);

// Accuracy of `model` on the held-out digits and on `test`; -1 for a set that is null or empty.
TeachScore score_model(const Model& model, const Dataset* mine, const Dataset* test);

// The teaching run's settings: the fine-tuning recipe (1 epoch, Adam at 1e-4, augmentation,
// constant rate) with the Training tab's seed and thread count.
TrainConfig teach_config(std::uint64_t seed, int threads);

}  // namespace nnfs::studio
