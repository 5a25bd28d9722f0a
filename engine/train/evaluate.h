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

constexpr std::size_t kEvaluationBatch = 1000;  // samples per forward pass of an evaluation

// Output of the model for every sample, batch by batch: [count, outputs]. The passes run in `ws`
// when given (a trainer passes its own, which then grows to the evaluation batch instead of a
// second workspace being made), else in a workspace of their own.
Tensor predict(const Model& model, const Dataset& data, std::size_t batch = kEvaluationBatch,
               Workspace* ws = nullptr);

// Loss, accuracy and confusion matrix; for unlabelled data only `predicted` is filled.
Evaluation evaluate(const Model& model, const Dataset& data, std::size_t batch = kEvaluationBatch,
                    Workspace* ws = nullptr);
// The same from outputs already computed by predict() ([count, outputs]).
Evaluation evaluate_outputs(const Model& model, const Dataset& data, const Tensor& outputs);

// Checks that the dataset's samples fit the model's input and its labels its outputs.
void check_compatible(const Model& model, const Dataset& data);

}  // namespace nnfs
