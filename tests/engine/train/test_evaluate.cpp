// Evaluation on hand-made cases: a model whose output is softmax(x), so every prediction,
// the loss and the confusion matrix can be worked out by hand.
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "engine/train/evaluate.h"
#include "support/fixtures.h"

using namespace nnfs;
using json = nlohmann::json;

namespace {

// dense(3) with W = I and b = 0, then softmax: p = softmax(x), prediction argmax(x).
Model identity_classifier() {
  Model m;
  m.net = Sequential::from_architecture({3}, json::array({{{"type", "dense"}, {"units", 3}}, {{"type", "softmax"}}}));
  auto w = m.net.params().values();
  std::fill(w.begin(), w.end(), 0.0f);
  for (std::size_t i = 0; i < 3; ++i) w[i * 3 + i] = 1.0f;
  m.class_names = {"a", "b", "c"};
  return m;
}

Dataset features(const std::vector<std::vector<float>>& rows, const std::vector<std::int32_t>& labels) {
  Dataset d;
  d.source = "hand-made";
  d.count = rows.size();
  d.sample_shape = {3};
  for (const auto& r : rows) d.features.insert(d.features.end(), r.begin(), r.end());
  d.labels = labels;
  d.class_names = {"a", "b", "c"};
  return d;
}

// -ln softmax(x)[label], in double.
double nll(const std::vector<float>& x, std::int32_t label) {
  double sum = 0.0;
  for (float v : x) sum += std::exp(static_cast<double>(v));
  return -(static_cast<double>(x[static_cast<std::size_t>(label)]) - std::log(sum));
}

const std::vector<std::vector<float>> kRows = {
    {5, 0, 0},  // label 0, predicted 0
    {0, 5, 0},  // label 1, predicted 1
    {0, 0, 5},  // label 1, predicted 2 (wrong)
    {5, 1, 0},  // label 2, predicted 0 (wrong)
    {0, 0, 2},  // label 2, predicted 2
};
const std::vector<std::int32_t> kLabels = {0, 1, 1, 2, 2};

}  // namespace

TEST_CASE("evaluate: accuracy, loss and confusion matrix of a hand-made case", "[train]") {
  Model m = identity_classifier();
  const Dataset data = features(kRows, kLabels);
  const Evaluation ev = evaluate(m, data);
  CHECK(ev.count == 5);
  CHECK(ev.predicted == std::vector<std::int32_t>{0, 1, 2, 0, 2});
  CHECK(ev.accuracy == Approx(0.6));
  double loss = 0.0;
  for (std::size_t i = 0; i < kRows.size(); ++i) loss += nll(kRows[i], kLabels[i]);
  CHECK(ev.loss == Approx(loss / 5.0).epsilon(1e-5));
  // confusion[true][predicted]
  const std::vector<std::vector<std::size_t>> expected = {{1, 0, 0}, {0, 1, 1}, {1, 0, 1}};
  CHECK(ev.confusion == expected);
}

TEST_CASE("evaluate: batch size does not change the results", "[train]") {
  Model m = identity_classifier();
  const Dataset data = features(kRows, kLabels);
  const Tensor all = predict(m, data);
  REQUIRE(all.shape() == Shape{5, 3});
  for (std::size_t batch : {1, 2, 4, 5, 7}) {
    INFO("batch " << batch);
    const Tensor part = predict(m, data, batch);
    REQUIRE(part.shape() == all.shape());
    for (std::size_t i = 0; i < all.size(); ++i) CHECK(part[i] == Approx(all[i]).epsilon(1e-6));
    const Evaluation ev = evaluate(m, data, batch);
    CHECK(ev.predicted == std::vector<std::int32_t>{0, 1, 2, 0, 2});
    CHECK(ev.accuracy == Approx(0.6));
  }
  // Rows are probabilities: softmax of each input row.
  for (std::size_t r = 0; r < 5; ++r)
    CHECK(std::log(all.at(r, static_cast<std::size_t>(kLabels[r]))) == Approx(-nll(kRows[r], kLabels[r])).epsilon(1e-5));
}

TEST_CASE("evaluate: unlabelled data gets predictions only", "[train]") {
  Model m = identity_classifier();
  const Dataset data = features(kRows, {});
  const Evaluation ev = evaluate(m, data);
  CHECK(ev.count == 5);
  CHECK(ev.predicted == std::vector<std::int32_t>{0, 1, 2, 0, 2});
  CHECK(ev.confusion.empty());
  CHECK(ev.accuracy == 0.0);
  CHECK(ev.loss == 0.0);
}

TEST_CASE("evaluate: images are scaled with the model's own pixel scaling", "[train]") {
  Model m = identity_classifier();
  Dataset img;
  img.source = "pixels";
  img.count = 2;
  img.sample_shape = {3};
  img.pixels = {255, 0, 0, 10, 200, 30};
  img.labels = {0, 1};
  m.input_scaling = {1.0f / 255.0f, 0.0f};
  CHECK(evaluate(m, img).predicted == std::vector<std::int32_t>{0, 1});
  // Negated inputs turn the largest pixel into the smallest logit.
  m.input_scaling = {-1.0f / 255.0f, 0.0f};
  const Evaluation ev = evaluate(m, img);
  CHECK(ev.predicted == std::vector<std::int32_t>{1, 0});
  CHECK(ev.accuracy == 0.0);
}

TEST_CASE("evaluate: data that does not fit the model is rejected", "[train]") {
  Model m = identity_classifier();
  SECTION("sample size") {
    Dataset wide = features(kRows, kLabels);
    wide.sample_shape = {1};
    wide.count = 15;
    wide.labels.assign(15, 0);
    CHECK_THAT(test::error_message([&] { evaluate(m, wide); }),
               Catch::StartsWith("hand-made: ") && Catch::Contains("1 values") && Catch::Contains("expects 3"));
  }
  SECTION("label out of range") {
    const Dataset bad = features(kRows, {0, 1, 3, 2, 2});
    CHECK_THAT(test::error_message([&] { evaluate(m, bad); }),
               Catch::Contains("sample 3 has label 3") && Catch::Contains("3 classes"));
    const Dataset negative = features(kRows, {0, -1, 1, 2, 2});
    CHECK_THAT(test::error_message([&] { check_compatible(m, negative); }), Catch::Contains("label -1"));
  }
}

TEST_CASE("evaluate: an empty dataset", "[train]") {
  Model m = identity_classifier();
  const Dataset empty = features({}, {});
  const Evaluation ev = evaluate(m, empty);
  CHECK(ev.count == 0);
  CHECK(ev.predicted.empty());
  CHECK(ev.confusion.empty());
}
