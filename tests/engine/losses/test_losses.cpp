#include <catch2/catch.hpp>

#include "engine/core/rng.h"
#include "engine/layers/softmax.h"
#include "engine/losses/categorical_cross_entropy.h"
#include "engine/losses/regression_losses.h"
#include "support/grad_check.h"

using namespace nnfs;

namespace {
Tensor random_probs(std::size_t n, std::size_t k, std::uint64_t seed) {
  Rng rng(seed);
  Tensor z({n, k});
  for (std::size_t i = 0; i < z.size(); ++i) z[i] = rng.uniform(-2, 2);
  softmax_rows(z.data(), z.data(), n, k);
  return z;
}
}  // namespace

TEST_CASE("categorical cross-entropy: value with sparse and one-hot targets", "[losses]") {
  Tensor p({2, 3}, {0.7f, 0.1f, 0.2f, 0.1f, 0.5f, 0.4f});
  std::vector<std::int32_t> labels = {0, 1};
  Tensor onehot({2, 3}, {1, 0, 0, 0, 1, 0});
  CategoricalCrossEntropy cce;
  const double expected = -(std::log(0.7) + std::log(0.5)) / 2;
  CHECK(cce.forward(p, {labels, nullptr}) == Approx(expected));
  CHECK(cce.forward(p, {{}, &onehot}) == Approx(expected));
  // Clipping: a zero probability costs -ln(1e-7), not infinity.
  Tensor sure({1, 2}, {0.0f, 1.0f});
  std::vector<std::int32_t> wrong = {0};
  CHECK(cce.forward(sure, {wrong, nullptr}) == Approx(-std::log(1e-7)));
}

TEST_CASE("categorical cross-entropy: gradient check (sparse and one-hot)", "[losses][gradcheck]") {
  std::vector<std::int32_t> labels = {2, 0, 1, 2};
  Tensor onehot({4, 3}, {0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 1});
  CategoricalCrossEntropy cce;
  test::GradCheckOptions o{.h = 1e-3};
  auto r1 = test::check_loss(cce, random_probs(4, 3, 1), {labels, nullptr}, o);
  INFO(r1.detail);
  CHECK(r1.ok);
  auto r2 = test::check_loss(cce, random_probs(4, 3, 2), {{}, &onehot}, o);
  INFO(r2.detail);
  CHECK(r2.ok);
}

TEST_CASE("softmax + cross-entropy: fused gradient matches differences of the composition", "[losses][gradcheck]") {
  Rng rng(4);
  Tensor z({5, 4});
  for (std::size_t i = 0; i < z.size(); ++i) z[i] = rng.uniform(-3, 3);
  std::vector<std::int32_t> labels = {0, 3, 1, 1, 2};
  CategoricalCrossEntropy cce;
  Tensor p({5, 4}), dz;
  auto loss_of_logits = [&] {
    softmax_rows(z.data(), p.data(), 5, 4);
    return cce.forward(p, {labels, nullptr});
  };
  const double loss = loss_of_logits();
  CHECK(softmax_cross_entropy_backward(p, {labels, nullptr}, dz) == Approx(loss));
  auto report = test::check_gradient(loss_of_logits, z.data(), dz.data(), z.size(), "dz", {});
  INFO(report.detail);
  CHECK(report.ok);

  // The fused gradient equals the chained one (softmax Jacobian · CCE gradient).
  loss_of_logits();  // p again for the unperturbed logits
  Tensor dp, dz_chain;
  cce.backward(p, {labels, nullptr}, dp);
  Softmax().backward(z, p, dp, dz_chain, {});
  for (std::size_t i = 0; i < dz.size(); ++i) CHECK(dz_chain[i] == Approx(dz[i]).margin(1e-6));
}

TEST_CASE("binary cross-entropy, MSE and MAE: gradient checks", "[losses][gradcheck]") {
  Rng rng(8);
  Tensor pred({4, 2}), target({4, 2});
  for (std::size_t i = 0; i < pred.size(); ++i) {
    pred[i] = rng.uniform(0.1f, 0.9f);
    target[i] = rng.bernoulli(0.5f) ? 1.0f : 0.0f;
  }
  test::GradCheckOptions o{.h = 1e-3};
  for (const Loss* loss : std::initializer_list<const Loss*>{new BinaryCrossEntropy, new MeanSquaredError}) {
    auto report = test::check_loss(*loss, pred, {{}, &target}, o);
    INFO(loss->type() << ": " << report.detail);
    CHECK(report.ok);
    delete loss;
  }
  // MAE has a kink at pred == target: keep predictions at least 0.1 away from the targets.
  auto report = test::check_loss(MeanAbsoluteError(), pred, {{}, &target}, o);
  INFO(report.detail);
  CHECK(report.ok);
}

TEST_CASE("binary cross-entropy, MSE, MAE: values", "[losses]") {
  Tensor pred({2, 1}, {0.8f, 0.4f}), target({2, 1}, {1.0f, 0.0f});
  CHECK(BinaryCrossEntropy().forward(pred, {{}, &target}) == Approx(-(std::log(0.8) + std::log(0.6)) / 2));
  CHECK(MeanSquaredError().forward(pred, {{}, &target}) == Approx((0.04 + 0.16) / 2));
  CHECK(MeanAbsoluteError().forward(pred, {{}, &target}) == Approx((0.2 + 0.4) / 2));
  std::vector<std::int32_t> labels = {1, 0};  // binary labels as sparse targets
  CHECK(BinaryCrossEntropy().forward(pred, {labels, nullptr}) == Approx(-(std::log(0.8) + std::log(0.6)) / 2));
  CHECK_THROWS(make_loss("hinge"));
}
