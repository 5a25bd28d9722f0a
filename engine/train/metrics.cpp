#include "engine/train/metrics.h"

#include <cmath>

namespace nnfs {

Task task_for_loss(const std::string& loss) {
  if (loss == "binary_crossentropy") return Task::Binary;
  if (loss == "mse" || loss == "mae") return Task::Regression;
  return Task::Classification;
}

std::size_t argmax_row(const float* row, std::size_t cols) {
  std::size_t best = 0;
  for (std::size_t j = 1; j < cols; ++j)
    if (row[j] > row[best]) best = j;
  return best;
}

Hits count_hits(Task task, const Tensor& pred, const Targets& t, float precision) {
  const std::size_t n = pred.rows(), k = pred.cols();
  Hits hits;
  if (task == Task::Classification) {
    for (std::size_t r = 0; r < n; ++r) {
      const std::size_t guess = argmax_row(pred.data() + r * k, k);
      const std::size_t truth = t.values ? argmax_row(t.values->data() + r * k, k)
                                         : static_cast<std::size_t>(t.labels[r]);
      hits.correct += guess == truth;
    }
    hits.total = n;
    return hits;
  }
  for (std::size_t r = 0; r < n; ++r) {
    for (std::size_t j = 0; j < k; ++j) {
      const float p = pred[r * k + j];
      const float y = t.values ? (*t.values)[r * k + j] : static_cast<float>(t.labels[r]);
      hits.correct += task == Task::Binary ? ((p > 0.5f) == (y > 0.5f)) : (std::fabs(p - y) < precision);
    }
  }
  hits.total = n * k;
  return hits;
}

float regression_precision(const Dataset& data) { return regression_precision(SampleView(data)); }

float regression_precision(const SampleView& view) {
  const std::size_t k = view.first().target_dim, n = view.count();
  if (!view.has_targets() || k == 0 || n == 0) return 0.0f;
  auto targets_of = [&](std::size_t i) {
    const SampleView::Row r = view.at(i, "regression_precision");
    return r.data->targets.data() + r.row * k;
  };
  double mean = 0.0, sq = 0.0;
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < k; ++j) mean += targets_of(i)[j];
  mean /= static_cast<double>(n * k);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < k; ++j) sq += (targets_of(i)[j] - mean) * (targets_of(i)[j] - mean);
  return static_cast<float>(std::sqrt(sq / static_cast<double>(n * k)) / 250.0);
}

}  // namespace nnfs
