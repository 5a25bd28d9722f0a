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

// Output of the model for every sample, batch by batch: [count, outputs].
Tensor predict(Model& model, const Dataset& data, std::size_t batch = 1000);

// Loss, accuracy and confusion matrix; for unlabelled data only `predicted` is filled.
Evaluation evaluate(Model& model, const Dataset& data, std::size_t batch = 1000);
// The same from outputs already computed by predict() ([count, outputs]).
Evaluation evaluate_outputs(const Model& model, const Dataset& data, const Tensor& outputs);

// Checks that the dataset's samples fit the model's input and its labels its outputs.
void check_compatible(const Model& model, const Dataset& data);

}  // namespace nnfs
