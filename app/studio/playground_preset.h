// The book's settings for each of the playground's data sets: what `--playground SET` opens and
// what Reset returns to. Each is the engine's own vocabulary (a --data spec, an architecture, a
// loss name, a TrainConfig), so the playground builds the same components `nnfs train` does.
//
//   spiral, vertical  3 classes × 100 points, 2-64-3 ReLU/softmax, cross-entropy,
//                     Adam lr 0.05 decay 5e-7, the whole set as one batch (the book's chapter 10)
//   sine              1000 samples, 1-64-64-1 ReLU/ReLU/linear, MSE, Adam lr 0.005 decay 1e-3
//                     (chapter 17)
//   circles, xor, moons   2 classes × 100 points, 2-16-2 ReLU/softmax, the spiral's optimizer
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/train/train_config.h"

namespace nnfs::studio {

struct PlaygroundPreset {
  std::string set;                 // "spiral"
  std::string data_spec;           // "spiral:3:100", as toy_data_from_spec reads it
  nlohmann::json architecture;     // layer entries, as Sequential::from_architecture reads them
  std::string loss;                // "categorical_crossentropy" or "mse"
  TrainConfig train;
};

std::vector<std::string> playground_set_names();  // spiral, vertical, sine, circles, xor, moons

// The preset of `set`; an unknown name is an nnfs::Error listing the known ones.
PlaygroundPreset playground_preset(const std::string& set);

}  // namespace nnfs::studio
