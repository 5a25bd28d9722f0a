// Accuracy for the three kinds of task the book covers, chosen from the loss:
//   classification (categorical cross-entropy): argmax(p̂) == label
//   binary (binary cross-entropy, sigmoid outputs): [p̂ > 0.5] == y, per output
//   regression (mse, mae): |ŷ - y| < precision, precision = std(y) / 250 (the book's choice)
#pragma once

#include <cstddef>
#include <string>

#include "engine/core/tensor.h"
#include "engine/data/dataset.h"
#include "engine/data/sample_view.h"
#include "engine/losses/loss.h"

namespace nnfs {

enum class Task { Classification, Binary, Regression };
Task task_for_loss(const std::string& loss);

// Number of correct outputs in the batch and how many outputs were judged.
struct Hits { std::size_t correct = 0, total = 0; };
Hits count_hits(Task task, const Tensor& pred, const Targets& targets, float precision);

// The regression precision for a dataset: std(targets) / 250.
float regression_precision(const Dataset& data);
float regression_precision(const SampleView& view);  // over the view's samples

std::size_t argmax_row(const float* row, std::size_t cols);

}  // namespace nnfs
