// Checkpoints: a training run saved between two batches, so that `nnfs train --resume FILE`
// continues it to the same result as an uninterrupted run (bit for bit with 1 thread).
//
// A checkpoint is a model file (.safetensors, docs/MODEL_FORMAT.md) with two additions:
//   tensors   "optimizer.<array>" [P] for each optimizer state array (Adam: m and v), laid out
//             like the parameter arena
//   metadata  "nnfs.checkpoint": JSON with the run's position and settings:
//             {"version": 2, "epoch": E, "step": S, "shuffle_rng": [4 hex words],
//              "layer_rng": [...], "optimizer": {"type", "steps", "arrays"}, "loss_sum",
//              "correct", "judged", "epochs": [finished epochs, each with its "batch_end"],
//              "batch_loss": [every batch's loss so far], "config": {...}, "info": {...}}
//             (version 1, without the batch losses, is still read)
// load_model() reads a checkpoint as the model it holds (the optimizer tensors are skipped).
// Both front ends write it: `nnfs train --checkpoint` and the studio (BackgroundTrainer), and
// either continues the other's.
//
// Saving is atomic (an old checkpoint survives any failure); loading trusts nothing and throws
// nnfs::Error naming the file and the key: "run.ckpt: nnfs.checkpoint: 'step' must be ...".
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/model/model.h"
#include "engine/train/train_config.h"
#include "engine/train/epoch_loop.h"

namespace nnfs {

struct Checkpoint {
  Model model;          // the weights at the checkpoint, with the model's own metadata
  TrainConfig config;   // the run's settings (threads included)
  TrainState state;     // where the run was: pass to run_training as `resume`
  // The front end's own keys (data, ...) and the run's description (RunDescription::store).
  nlohmann::json info = nlohmann::json::object();
};

void save_checkpoint(const std::string& path, const Model& model, const TrainConfig& config,
                     const TrainState& state,
                     const nlohmann::json& info = nlohmann::json::object());

inline void save_checkpoint(const std::string& path, const Checkpoint& ck) {
  save_checkpoint(path, ck.model, ck.config, ck.state, ck.info);
}

Checkpoint load_checkpoint(const std::string& path);
// A model file that may hold a run: its checkpoint, or nullopt for a plain model file.
std::optional<Checkpoint> load_checkpoint_if_any(const std::string& path);

}  // namespace nnfs
