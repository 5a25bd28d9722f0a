// Accuracy rules for classification, binary outputs and regression.
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "engine/train/metrics.h"

using namespace nnfs;

TEST_CASE("metrics: the task follows from the loss", "[train]") {
  CHECK(task_for_loss("categorical_crossentropy") == Task::Classification);
  CHECK(task_for_loss("binary_crossentropy") == Task::Binary);
  CHECK(task_for_loss("mse") == Task::Regression);
  CHECK(task_for_loss("mae") == Task::Regression);
}

TEST_CASE("metrics: argmax_row takes the first of equal maxima", "[train]") {
  const float a[] = {0.1f, 0.7f, 0.2f};
  CHECK(argmax_row(a, 3) == 1);
  const float tie[] = {0.4f, 0.1f, 0.4f};
  CHECK(argmax_row(tie, 3) == 0);
  const float negative[] = {-3.0f, -1.0f, -2.0f};
  CHECK(argmax_row(negative, 3) == 1);
  const float one[] = {42.0f};
  CHECK(argmax_row(one, 1) == 0);
}

TEST_CASE("metrics: classification hits with sparse labels and one-hot targets", "[train]") {
  const Tensor pred({4, 3}, {0.7f, 0.2f, 0.1f,   // 0
                             0.1f, 0.1f, 0.8f,   // 2
                             0.3f, 0.4f, 0.3f,   // 1
                             0.5f, 0.1f, 0.4f}); // 0
  const std::vector<std::int32_t> labels = {0, 2, 0, 1};
  const Hits sparse = count_hits(Task::Classification, pred, {labels, nullptr}, 0.0f);
  CHECK(sparse.correct == 2);
  CHECK(sparse.total == 4);

  const Tensor onehot({4, 3}, {1, 0, 0, 0, 0, 1, 1, 0, 0, 0, 1, 0});
  const Hits dense = count_hits(Task::Classification, pred, {{}, &onehot}, 0.0f);
  CHECK(dense.correct == 2);
  CHECK(dense.total == 4);
}

TEST_CASE("metrics: binary hits count every output at the 0.5 threshold", "[train]") {
  const Tensor pred({2, 2}, {0.9f, 0.4f, 0.51f, 0.5f});
  const Tensor truth({2, 2}, {1, 0, 0, 1});
  const Hits hits = count_hits(Task::Binary, pred, {{}, &truth}, 0.0f);
  CHECK(hits.correct == 2);  // 0.9→1 ✓, 0.4→0 ✓, 0.51→1 ✗, 0.5→0 ✗
  CHECK(hits.total == 4);
}

TEST_CASE("metrics: regression hits are within the precision", "[train]") {
  const Tensor pred({3, 1}, {1.0f, 2.05f, 3.5f});
  const Tensor truth({3, 1}, {1.01f, 2.0f, 3.0f});
  const Hits hits = count_hits(Task::Regression, pred, {{}, &truth}, 0.1f);
  CHECK(hits.correct == 2);
  CHECK(hits.total == 3);
}

TEST_CASE("metrics: regression precision is std of the targets over 250", "[train]") {
  Dataset d;
  d.count = 4;
  d.target_dim = 1;
  d.targets = {1.0f, 3.0f, 5.0f, 7.0f};  // mean 4, population std sqrt(5)
  CHECK(regression_precision(d) == Approx(std::sqrt(5.0) / 250.0));
  Dataset none;
  CHECK(regression_precision(none) == 0.0f);
}
