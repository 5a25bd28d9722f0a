// The training record: the `nnfs.training` metadata of a trained model file
// (docs/MODEL_FORMAT.md), built by this one function whichever front end trained the model, so
// `nnfs train` and the studio write the same keys at the same precision. It holds no wall-clock
// time: the same run writes the same bytes.
#pragma once

#include <cstddef>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/model/model.h"
#include "engine/train/train_config.h"
#include "engine/train/training_history.h"

namespace nnfs {

// What the front end knows about a run that the engine does not.
// A checkpoint keeps it in its "info" object as "dataset" and "preset", beside the front end's
// own keys, so whichever front end continues the run writes the same record.
struct RunDescription {
  std::string dataset;  // where the data came from: a resolved directory, CSV path or toy spec
  std::string preset;   // the preset the network was built from; empty: an architecture string

  void store(nlohmann::json& info) const;                 // sets "dataset" and "preset"
  static RunDescription load(const nlohmann::json& info);  // missing or not strings: empty
};

// {"dataset", "preset" (when built from one), "arch", "config", "train_samples", "epochs",
//  "history", "batch_loss", "test_accuracy" (when the last epoch was tested)}.
nlohmann::json training_record(const Model& model, const RunDescription& run, const TrainConfig& config,
                               std::size_t train_samples, const TrainingHistory& history);

}  // namespace nnfs
