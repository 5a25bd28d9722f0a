// What the playground trains, as the user edits it: the data set and its size, the hidden layers,
// regularisation and the optimizer. Each edit is turned into the engine's own vocabulary — a
// ToyData from the engine's generators, an architecture for Sequential::from_architecture, a
// TrainConfig for the engine's optimizers — so the playground trains exactly what `nnfs train`
// would. No ImGui: unit-tested in tests/app/studio/test_playground_setup.cpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/studio/playground_preset.h"
#include "engine/data/toy_datasets.h"
#include "engine/model/model.h"
#include "engine/train/train_config.h"

namespace nnfs::studio {

struct PlaygroundLayer {
  int units = 8;
  std::string activation = "relu";  // one of playground_activations()
  bool operator==(const PlaygroundLayer&) const = default;
};

struct PlaygroundSetup {
  std::string set = "spiral";       // one of playground_set_names()
  int classes = 3;                  // spiral, vertical
  int points = 100;                 // per class; sine: samples
  float noise = 0.2f;               // spiral: the angle's; circles, xor, moons: each coordinate's
  std::vector<PlaygroundLayer> hidden;
  float dropout = 0.0f;             // after every hidden layer; 0: none
  float l1 = 0.0f, l2 = 0.0f;       // on every dense layer's weights
  std::string loss;                 // the preset's
  std::string optimizer = "adam";   // sgd, adagrad, rmsprop, adam
  float lr = 0.05f, decay = 0.0f, momentum = 0.9f;  // momentum: sgd only
  std::size_t epochs = 10'000;
  std::uint64_t seed = 1;           // the weights' (Reset draws new ones)
  bool operator==(const PlaygroundSetup&) const = default;
};

inline constexpr int kPlaygroundMaxLayers = 6, kPlaygroundMaxUnits = 128;
std::vector<std::string> playground_activations();  // relu, tanh, sigmoid, leaky_relu, linear
std::vector<std::string> playground_optimizers();   // sgd, adagrad, rmsprop, adam
bool is_regression(const PlaygroundSetup& setup);   // sine
bool has_noise(const PlaygroundSetup& setup);       // the set's generator takes a noise level
bool has_classes(const PlaygroundSetup& setup);     // spiral and vertical: any number of classes

// The preset's settings as an editable setup (its architecture's hidden layers, its optimizer).
PlaygroundSetup setup_from_preset(const PlaygroundPreset& preset);

// The training data and its test set (a second draw, or for sine the midpoints), from the
// engine's generators with the spec's seeds: at the preset's sizes the same sets as `nnfs train
// --data SPEC`. Throws nnfs::Error for sizes the generators refuse.
ToyData playground_data(const PlaygroundSetup& setup);
// The architecture: each hidden layer as dense + activation (+ dropout), then the output layer
// (softmax over `outputs` classes, or linear for regression).
nlohmann::json playground_architecture(const PlaygroundSetup& setup, std::size_t outputs);
// The run's settings: the whole training set as one batch (the book's steps), one thread.
TrainConfig playground_train_config(const PlaygroundSetup& setup, std::size_t samples);
// A new model for `train` with weights drawn from setup.seed.
Model playground_model(const PlaygroundSetup& setup, const Dataset& train);

}  // namespace nnfs::studio
