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
// The speedrun preset's fixed recipe: the conv networks' (train_config.h: augmentation, one-cycle
// with 30% warm-up, Adam) with these epochs, batch and Adam learning rate, and the last epoch
// without augmentation (TrainConfig::clean_epochs); `nnfs train --model speedrun` uses each
// unless its flag (--epochs, --batch, --lr, --clean-epochs) is given.
struct SpeedrunRecipe {
  std::size_t epochs = 6;
  std::size_t batch = 64;
  float adam_lr = 0.01f;
  std::size_t clean_epochs = 1;
};
inline constexpr SpeedrunRecipe kSpeedrun{};

}  // namespace nnfs
