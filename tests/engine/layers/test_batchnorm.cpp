#include <catch2/catch.hpp>

#include "engine/core/error.h"
#include "engine/layers/batchnorm.h"
#include "support/grad_check.h"

using namespace nnfs;

namespace {

struct Built {
  ParamArena arena, buffers;
  std::unique_ptr<LayerScratch> scratch;
  BatchNormScratch& stats() { return static_cast<BatchNormScratch&>(*scratch); }
  ForwardContext pass(bool training) { return {training, nullptr, scratch.get()}; }
};

void build(BatchNorm& bn, const Shape& input, Built& b) {
  bn.build(input, "bn", b.arena);
  bn.build_buffers("bn", b.buffers);
  b.arena.allocate();
  b.buffers.allocate();
  bn.bind(b.arena);
  bn.bind_buffers(b.buffers);
  Rng rng(1);
  bn.init(rng);
  b.scratch = bn.make_scratch(8);
}

Tensor random_batch(Shape shape, std::uint64_t seed, float offset, float spread) {
  Tensor x(std::move(shape));
  Rng rng(seed);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = offset + spread * rng.normal();
  return x;
}

}  // namespace

TEST_CASE("batchnorm: training output has zero mean and unit variance per channel", "[layers][batchnorm]") {
  BatchNorm bn;
  Built b;
  build(bn, {3, 4, 5}, b);
  const Tensor x = random_batch({8, 3, 4, 5}, 2, 3.0f, 2.0f);
  Tensor y;
  bn.forward(x, y, b.pass(true));
  for (std::size_t c = 0; c < 3; ++c) {
    double sum = 0, sq = 0;
    for (std::size_t n = 0; n < 8; ++n)
      for (std::size_t j = 0; j < 20; ++j) {
        const double v = y[(n * 3 + c) * 20 + j];
        sum += v;
        sq += v * v;
      }
    CHECK(sum / 160 == Approx(0.0).margin(1e-5));
    CHECK(sq / 160 == Approx(1.0).epsilon(1e-3));
  }
  CHECK(b.arena.size() == 6);    // γ, β: trainable
  CHECK(b.buffers.size() == 6);  // running mean and variance: not
}

TEST_CASE("batchnorm: gradient check in training mode, images and features", "[layers][batchnorm][gradcheck]") {
  for (const Shape& input : {Shape{3, 4, 5}, Shape{7}, Shape{2, 1, 1}}) {
    BatchNorm bn;
    auto report = test::check_layer(bn, input, 5, {}, true);
    INFO(shape_to_string(input) << ": " << report.detail);
    CHECK(report.ok);
  }
}

TEST_CASE("batchnorm: gradient check in inference mode", "[layers][batchnorm][gradcheck]") {
  BatchNorm bn;
  auto report = test::check_layer(bn, {2, 3, 3}, 4, {}, false);
  INFO(report.detail);
  CHECK(report.ok);
}

TEST_CASE("batchnorm: inference with the batch statistics frozen equals training mode", "[layers][batchnorm]") {
  BatchNorm bn;
  Built b;
  build(bn, {4, 3, 3}, b);
  Rng rng(5);
  for (float& v : b.arena.values()) v = rng.uniform(0.5f, 1.5f);  // γ, β away from 1, 0
  const Tensor x = random_batch({6, 4, 3, 3}, 3, -1.0f, 0.5f);
  Tensor y_train, y_infer;
  bn.forward(x, y_train, b.pass(true));
  // Freeze what training mode used: the batch mean and biased variance.
  const std::vector<float> mean = b.stats().mean, var = b.stats().variance(bn.options().epsilon);
  std::copy(mean.begin(), mean.end(), bn.running_mean());
  std::copy(var.begin(), var.end(), bn.running_var());
  bn.forward(x, y_infer, b.pass(false));
  for (std::size_t i = 0; i < x.size(); ++i) REQUIRE(y_infer[i] == Approx(y_train[i]).margin(1e-5));
}

TEST_CASE("batchnorm: running statistics follow the batches with momentum", "[layers][batchnorm]") {
  BatchNorm bn({.momentum = 0.25f});
  Built b;
  build(bn, {2}, b);
  // Feature 0 takes 1, 3 (mean 2, unbiased variance 2); feature 1 takes 0, 0.
  const Tensor x({2, 2}, {1, 0, 3, 0});
  Tensor y;
  bn.forward(x, y, b.pass(true));
  CHECK(bn.running_mean()[0] == 0.0f);  // the forward pass only reads the network
  bn.update_buffers(b.scratch.get());
  CHECK(bn.running_mean()[0] == Approx(0.75 * 0 + 0.25 * 2));
  CHECK(bn.running_var()[0] == Approx(0.75 * 1 + 0.25 * 2));
  CHECK(bn.running_var()[1] == Approx(0.75));
  bn.forward(x, y, b.pass(false));  // inference leaves them alone
  bn.update_buffers(b.scratch.get());
  CHECK(bn.running_mean()[0] == Approx(0.5));
}

TEST_CASE("batchnorm: bad settings and a one-value batch are rejected", "[layers][batchnorm]") {
  CHECK_THROWS_AS(BatchNorm({.momentum = 0.0f}), Error);
  CHECK_THROWS_AS(BatchNorm({.momentum = 0.1f, .epsilon = -1.0f}), Error);
  BatchNorm bn;
  Built b;
  build(bn, {3}, b);
  Tensor y;
  CHECK_THROWS_AS(bn.forward(Tensor({1, 3}), y, b.pass(true)), Error);
}
