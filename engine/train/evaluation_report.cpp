#include "engine/train/evaluation_report.h"

#include <algorithm>
#include <cmath>

#include "engine/train/metrics.h"

namespace nnfs {

EvaluationReport evaluate_report(const Model& model, const Dataset& data, std::size_t batch, Workspace* ws) {
  EvaluationReport report;
  const Tensor probs = predict(model, data, batch, ws);  // [count, K]
  report.summary = evaluate_outputs(model, data, probs);
  const auto& confusion = report.summary.confusion;
  if (confusion.empty()) return report;  // not classification, or unlabelled

  // Classes: the model's outputs, or {0, 1} for a single sigmoid output (probabilities 1-p, p).
  const std::size_t k = confusion.size(), outputs = probs.cols();
  if (outputs != k && !(outputs == 1 && k == 2)) return report;
  report.class_accuracy.assign(k, 0.0);
  report.class_count.assign(k, 0);
  for (std::size_t t = 0; t < k; ++t) {
    for (std::size_t p = 0; p < k; ++p) report.class_count[t] += confusion[t][p];
    if (report.class_count[t])
      report.class_accuracy[t] = static_cast<double>(confusion[t][t]) / static_cast<double>(report.class_count[t]);
  }

  for (std::size_t i = 0; i < data.count; ++i) {
    const std::int32_t truth = data.labels[i], guess = report.summary.predicted[i];
    if (truth == guess) continue;
    const float* row = probs.data() + i * outputs;
    std::vector<float> p = outputs == k ? std::vector<float>(row, row + k) : std::vector<float>{1.0f - row[0], row[0]};
    const float confidence = p[static_cast<std::size_t>(guess)];
    report.misclassified.push_back({i, truth, guess, confidence, std::move(p)});
  }
  // A diverged model can output NaN; rank it last so the order stays a strict weak ordering.
  auto key = [](const Misclassified& m) { return std::isnan(m.confidence) ? -1.0f : m.confidence; };
  std::sort(report.misclassified.begin(), report.misclassified.end(),
            [&](const Misclassified& a, const Misclassified& b) {
              return key(a) != key(b) ? key(a) > key(b) : a.index < b.index;
            });
  std::vector<std::size_t> rows(report.misclassified.size());
  for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = report.misclassified[i].index;
  report.samples = data.subset(rows);
  return report;
}

}  // namespace nnfs
