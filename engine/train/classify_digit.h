// One picture of a handwritten digit → the model's guess: the engine's MNIST preprocessing
// (engine/data/preprocess.h), the model's input scaling, one forward pass.
//
// The studio's canvas and `nnfs predict` on image files both call classify_digit_image, so the
// same pixels give the same label and probabilities in both.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/data/image.h"
#include "engine/data/preprocess.h"
#include "engine/model/model.h"

namespace nnfs {

struct DigitGuess {
  std::optional<MnistDigit> digit;  // the 28x28 image the network sees; nullopt: no ink, no guess
  std::vector<float> probs;         // [K] one per class; empty when there is no digit or no model
  int label = -1;                   // argmax of probs (the first on ties), -1 when none
};

// Why `model` cannot classify digit images ("" when it can): it must read 784 inputs (28x28, in
// any shape) and have at least two class outputs.
std::string digit_incompatibility(const Model& model);

// Preprocesses `image` and, when `model` is given, classifies it: x = pixel·scale + offset with
// the model's input scaling, shape [1, input...], one forward pass run serially on this thread
// (a batch of one gains nothing from threads). Outputs that are not probabilities (a model
// without a final softmax) are passed through a softmax. Throws nnfs::Error when the model is
// incompatible (see digit_incompatibility).
DigitGuess classify_digit_image(Model* model, const GrayImage& image);

}  // namespace nnfs
