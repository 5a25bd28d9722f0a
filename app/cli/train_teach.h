// nnfs train --init MODEL / --extra PATH[:SHARE] / --extra-holdout F: fine-tuning a saved model
// on extra labelled samples mixed into every batch (engine/train/extra_data.h, docs/MY_DIGITS.md).
#pragma once

#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "engine/model/model.h"
#include "engine/train/extra_data.h"
#include "engine/train/teach_recipe.h"
#include "engine/train/train_config.h"

namespace nnfs::cli {

struct TeachFlags {
  std::string init;             // --init MODEL
  std::string extra;            // --extra PATH[:SHARE]
  double holdout = kExtraHoldout;  // --extra-holdout F (stratified by class)
  CLI::Option* init_option = nullptr;
  CLI::Option* extra_option = nullptr;
  CLI::Option* holdout_option = nullptr;
};

void add_teach_flags(CLI::App& cmd, TeachFlags& flags);

// "mine:0.3" → ("mine", 0.3); "mine" → ("mine", kExtraShare). A path that exists as given wins
// over a split at its last ':'. Throws a one-line nnfs::Error for a share outside (0, 1).
struct ExtraSpec {
  std::string path;
  double share = kExtraShare;
};
ExtraSpec parse_extra_spec(const std::string& text);

// The samples of --extra, a stratified --extra-holdout part of them held out (seeded by `seed`).
ExtraData load_extra(const TeachFlags& flags, std::uint64_t seed);

// With --init, what the flags leave open follows the engine's fine-tuning recipe
// (apply_teach_recipe, engine/train/teach_recipe.h).

}  // namespace nnfs::cli
