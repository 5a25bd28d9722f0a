// EvaluationReport: everything the studio shows about a model on its test set after an epoch —
// loss, accuracy, confusion matrix, per-class accuracy and the misclassified samples with their
// full probability vectors, most confident mistakes first. Computed on the training thread from
// one pass of predict().
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "engine/data/dataset.h"
#include "engine/model/model.h"
#include "engine/train/evaluate.h"

namespace nnfs {

struct Misclassified {
  std::size_t index = 0;            // sample index in the evaluated dataset
  std::int32_t truth = 0;           // true class
  std::int32_t predicted = 0;       // argmax of the probabilities
  float confidence = 0.0f;          // probabilities[predicted]
  std::vector<float> probabilities; // [K] the model's output for this sample
};

struct EvaluationReport {
  std::size_t epoch = 0;                    // 1-based, counted across runs; 0: not from training
  Evaluation summary;                       // loss, accuracy, predicted, confusion [true][predicted]
  std::vector<double> class_accuracy;       // [K] correct / count of each true class (0 if none)
  std::vector<std::size_t> class_count;     // [K] samples of each true class
  std::vector<Misclassified> misclassified; // sorted by confidence, highest first (ties: index)
  Dataset samples;  // the misclassified samples themselves: row i is misclassified[i] (the
                    // evaluated set may be a validation split the caller never sees)
};

// Classification models on labelled data get the confusion matrix and the mistakes; for other
// models and data only `summary` is filled (as evaluate() does).
EvaluationReport evaluate_report(const Model& model, const Dataset& data, std::size_t batch = 0,
                                 Workspace* ws = nullptr);

}  // namespace nnfs
