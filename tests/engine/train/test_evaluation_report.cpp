// The per-epoch report: confusion matrix, per-class accuracy and the mistakes, most confident
// first, with the samples themselves.
#include <catch2/catch.hpp>

#include "engine/train/evaluation_report.h"
#include "support/fixtures.h"

using namespace nnfs;

TEST_CASE("evaluation report: mistakes sorted by confidence, with probabilities and samples", "[train]") {
  const Dataset data = test::blobs(3, 20, 4, 2, 1.0f, 1.0f);  // overlapping: an untrained model errs
  Model model = test::small_classifier({2}, 8, 3, 5);
  const EvaluationReport r = evaluate_report(model, data);
  const Evaluation plain = evaluate(model, data);

  CHECK(r.summary.accuracy == plain.accuracy);
  CHECK(r.summary.loss == plain.loss);
  CHECK(r.summary.confusion == plain.confusion);
  REQUIRE(r.class_count == std::vector<std::size_t>{20, 20, 20});
  for (std::size_t c = 0; c < 3; ++c)
    CHECK(r.class_accuracy[c] == Approx(static_cast<double>(plain.confusion[c][c]) / 20.0));

  REQUIRE_FALSE(r.misclassified.empty());
  std::size_t correct = 0;
  for (std::size_t c = 0; c < 3; ++c) correct += plain.confusion[c][c];
  CHECK(r.misclassified.size() == data.count - correct);
  REQUIRE(r.samples.count == r.misclassified.size());
  for (std::size_t i = 0; i < r.misclassified.size(); ++i) {
    const Misclassified& m = r.misclassified[i];
    CHECK(m.truth == data.labels[m.index]);
    CHECK(m.predicted == plain.predicted[m.index]);
    CHECK(m.truth != m.predicted);
    REQUIRE(m.probabilities.size() == 3);
    CHECK(m.confidence == m.probabilities[static_cast<std::size_t>(m.predicted)]);
    for (float p : m.probabilities) CHECK(p <= m.confidence);
    if (i > 0) CHECK(r.misclassified[i - 1].confidence >= m.confidence);
    CHECK(r.samples.labels[i] == m.truth);
    CHECK(r.samples.features[2 * i] == data.features[2 * m.index]);
  }
}

TEST_CASE("evaluation report: unlabelled data gives predictions only", "[train]") {
  Dataset data = test::blobs(2, 5, 1);
  data.labels.clear();
  Model model = test::small_classifier({2}, 4, 2, 1);
  const EvaluationReport r = evaluate_report(model, data);
  CHECK(r.summary.predicted.size() == 10);
  CHECK(r.summary.confusion.empty());
  CHECK(r.misclassified.empty());
  CHECK(r.class_accuracy.empty());
}
