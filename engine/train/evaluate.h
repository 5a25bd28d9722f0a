// Evaluation of a model on a dataset: loss, accuracy, confusion matrix, predictions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "engine/data/dataset.h"
#include "engine/model/model.h"

namespace nnfs {

struct Evaluation {
  double loss = 0.0;       // mean data loss (when the dataset is labelled)
  double accuracy = 0.0;
  std::size_t count = 0;
  double precision = 0.0;  // regression: |ŷ - y| < precision counts as correct (std(y)/250)
  // [count] predicted class: argmax (classification) or [p > 0.5] (one sigmoid output)
  std::vector<std::int32_t> predicted;
  std::vector<std::vector<std::size_t>> confusion;      // [true][predicted] when classes are predicted
};

// An evaluation goes through the network in chunks: at most kEvaluationBatch samples, and no more
// than keep one pass's activations within kEvaluationBytes. The MLP presets (a few KB per sample)
// take the whole 1000 per pass; cnn-large (about 0.9 MB of activations per sample) about 70, so
// evaluating it needs tens of MB instead of a gigabyte. Every sample's output is computed the
// same way whatever the chunk (tests/engine/train/test_evaluate_chunks.cpp).
constexpr std::size_t kEvaluationBatch = 1000;
constexpr std::size_t kEvaluationBytes = std::size_t{64} << 20;

// Samples per pass for `net` within both limits (at least 1): Σ floats of the input and of every
// layer's output per sample, times 4 bytes, is what an inference workspace holds per sample.
std::size_t evaluation_batch(const Sequential& net);

// Output of the model for every sample, chunk by chunk: [count, outputs]. `batch` 0 means
// evaluation_batch(model.net). The passes run in `ws` when given (a trainer passes its own, so
// no second workspace is made), else in a workspace of their own.
Tensor predict(const Model& model, const Dataset& data, std::size_t batch = 0, Workspace* ws = nullptr);

// Loss, accuracy and confusion matrix; for unlabelled data only `predicted` is filled.
Evaluation evaluate(const Model& model, const Dataset& data, std::size_t batch = 0, Workspace* ws = nullptr);
// The same from outputs already computed by predict() ([count, outputs]).
Evaluation evaluate_outputs(const Model& model, const Dataset& data, const Tensor& outputs);

// Checks that the dataset's samples fit the model's input and its labels its outputs.
void check_compatible(const Model& model, const Dataset& data);

}  // namespace nnfs
