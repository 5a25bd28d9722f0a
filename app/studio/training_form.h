// TrainingForm: what the Training tab's form holds — dataset, network (a preset or a layer list),
// optimizer and run settings — and the pure functions that turn it into what the engine takes
// (an architecture, a TrainConfig). No ImGui here, so tests check them without a window.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/core/tensor.h"
#include "engine/train/progress.h"
#include "engine/train/train_config.h"

namespace nnfs::studio {

enum class DataChoice { Mnist, Fashion, Csv };

// One row of the layer-list editor: the layer name and the rest of its architecture-string token
// ("dense" + "128:l2=5e-4" is `dense:128:l2=5e-4`).
struct LayerRow {
  std::string type;
  std::string args;
  bool operator==(const LayerRow&) const = default;
};

struct TrainingForm {
  DataChoice data = DataChoice::Mnist;
  std::string csv_path;            // DataChoice::Csv: a labelled CSV file
  bool use_preset = true;          // false: the layer list
  std::string preset = "mlp";
  std::vector<LayerRow> layers;    // the layer list (filled from the preset when first edited)
  OptimizerConfig optimizer = OptimizerConfig::defaults("adam");
  int epochs = 5;
  int batch = 128;
  float validation_split = 0.0f;
  bool augment = false;
  LrSchedule::Kind schedule = LrSchedule::Kind::Constant;
  int seed = 1;
  int threads = 0;                 // 0: default_training_threads() (every core but the UI's)
};

// The network as one line: the preset's name, or the layer list as an architecture string.
std::string architecture_text(const TrainingForm& form);
// The layer rows of an architecture (one per layer, options as to_arch_string writes them).
std::vector<LayerRow> layer_rows(const nlohmann::json& architecture);
// Moves row i one place up (delta -1) or down (+1); false when it cannot move.
bool move_layer(std::vector<LayerRow>& rows, std::size_t i, int delta);

// Chooses a preset and the settings it trains well with (recipe_for: augmentation, schedule and
// Adam's rate for convolutional networks), as `nnfs train --model PRESET` does.
void choose_preset(TrainingForm& form, const std::string& preset, std::size_t classes = 10);
// Sets the optimizer type with that optimizer's default settings.
void choose_optimizer(TrainingForm& form, const std::string& type);

// The run settings; throws nnfs::Error naming a bad setting (TrainConfig::validate).
TrainConfig training_config(const TrainingForm& form);

// What the network looks like on the data's sample shape, or the engine's one-line error.
struct NetworkPreview {
  struct Row {
    std::string layer;    // its architecture token, e.g. "dense:128"
    std::string output;   // per-sample output shape, e.g. "128" or "8x26x26"
    std::size_t params = 0;
  };
  std::string error;      // "" when the network builds
  std::vector<Row> rows;
  std::size_t params = 0;
};
NetworkPreview preview_network(const TrainingForm& form, const Shape& sample_shape, std::size_t classes);

// The `epoch` event: exactly the keys of `nnfs train --log-json`.
nlohmann::json epoch_event(const EpochResult& r);

}  // namespace nnfs::studio
