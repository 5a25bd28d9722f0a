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

// The network's input for a 28x28 digit: x = pixel·scale + offset with the model's input scaling,
// shape [1, input...] (resized in place: no allocation once x has the shape).
void digit_input(const Model& model, const MnistDigit& digit, Tensor& x);

// Preprocesses `image` and, when `model` is given, classifies it: digit_input, then one forward
// pass run serially on this thread (a batch of one gains nothing from threads) in `ws` (the
// caller's, so the pass's activations stay there; null: a workspace of its own). The model is only
// read, so it may be shared with other threads, a trainer's published weights among them.
// Outputs that are not probabilities (a model without a final softmax) are passed through a
// softmax. Throws nnfs::Error when the model is incompatible (see digit_incompatibility).
DigitGuess classify_digit_image(const Model* model, const GrayImage& image, Workspace* ws = nullptr);

}  // namespace nnfs
