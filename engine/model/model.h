// Model: a network plus what is needed to use it on its own: the loss it was trained with,
// its class names, how inputs are scaled, and the training record.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/data/dataset.h"
#include "engine/model/sequential.h"

namespace nnfs {

struct Model {
  Sequential net;
  std::string loss = "categorical_crossentropy";
  std::vector<std::string> class_names;            // one per output class
  PixelScaling input_scaling = PixelScaling::mnist_standard();  // pixels → inputs
  nlohmann::json training = nlohmann::json::object();  // dataset, optimizer, epochs, results, history
};

// The network for a preset or architecture for inputs of `input_shape` and `classes` outputs.
// Presets: "mlp"  = dense 128 → relu → dense K → softmax
//          "nnfs" = dense 128 → relu → dense 128 → relu → dense K → softmax (the book's Fashion model)
//          "cnn", "cnn-large", "speedrun": convolutional networks (presets.cpp)
// All are classifiers: classes must be at least 1.
nlohmann::json preset_architecture(const std::string& name, std::size_t classes);
std::vector<std::string> preset_names();
// Epochs of the speedrun preset's fixed recipe (with the conv networks' recipe, train_config.h:
// augmentation, one-cycle, Adam 4e-3, batch 128); `nnfs train --model speedrun` uses them unless
// --epochs is given.
constexpr std::size_t kSpeedrunEpochs = 6;

}  // namespace nnfs
