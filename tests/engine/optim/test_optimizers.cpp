// Each optimizer against two or three steps computed by hand (the arithmetic is in the comments).
#include <catch2/catch.hpp>

#include "engine/optim/optimizer.h"

using namespace nnfs;

namespace {
// Runs `steps` updates of a one-parameter model with the given gradients; returns w after each.
std::vector<float> run(OptimizerConfig config, float w0, std::vector<float> grads) {
  auto opt = make_optimizer(config);
  std::vector<float> w = {w0}, out;
  for (float g : grads) {
    std::vector<float> grad = {g};
    opt->step(w, grad);
    out.push_back(w[0]);
  }
  return out;
}
OptimizerConfig cfg(const std::string& type, float lr) {
  auto c = OptimizerConfig::defaults(type);
  c.lr = lr;
  return c;
}
}  // namespace

TEST_CASE("sgd: plain, with decay, with momentum, with nesterov", "[optim]") {
  // w = 1, g = 0.5, lr = 0.1: w1 = 1 - 0.05 = 0.95; g = 0.2: w2 = 0.95 - 0.02 = 0.93
  auto w = run(cfg("sgd", 0.1f), 1.0f, {0.5f, 0.2f});
  CHECK(w[0] == Approx(0.95f));
  CHECK(w[1] == Approx(0.93f));

  // decay 1: lr0 = 0.1, lr1 = 0.1/2 = 0.05, lr2 = 0.1/3
  auto c = cfg("sgd", 0.1f);
  c.lr_decay = 1.0f;
  w = run(c, 1.0f, {1.0f, 1.0f, 1.0f});
  CHECK(w[0] == Approx(0.9f));
  CHECK(w[1] == Approx(0.85f));
  CHECK(w[2] == Approx(0.85f - 0.1f / 3));

  // momentum 0.9: v1 = -0.1·1 = -0.1, w1 = 0.9; v2 = 0.9·-0.1 - 0.1·1 = -0.19, w2 = 0.71
  c = cfg("sgd", 0.1f);
  c.momentum = 0.9f;
  w = run(c, 1.0f, {1.0f, 1.0f});
  CHECK(w[0] == Approx(0.9f));
  CHECK(w[1] == Approx(0.71f));

  // nesterov: v1 = -0.1, w1 = 1 + 0.9·-0.1 - 0.1 = 0.81;
  //           v2 = -0.19, w2 = 0.81 + 0.9·-0.19 - 0.1 = 0.539
  c.nesterov = true;
  w = run(c, 1.0f, {1.0f, 1.0f});
  CHECK(w[0] == Approx(0.81f));
  CHECK(w[1] == Approx(0.539f));
}

TEST_CASE("adagrad: cache of squared gradients", "[optim]") {
  // g=2: c=4, w = 1 - 0.5·2/(2+1e-7) = 0.5; g=2: c=8, w = 0.5 - 0.5·2/√8 = 0.5 - 0.353553
  auto w = run(cfg("adagrad", 0.5f), 1.0f, {2.0f, 2.0f});
  CHECK(w[0] == Approx(0.5f));
  CHECK(w[1] == Approx(0.5f - 1.0f / std::sqrt(8.0f)));
  // with decay 0.5: lr1 = 0.5/1.5
  auto c = cfg("adagrad", 0.5f);
  c.lr_decay = 0.5f;
  w = run(c, 1.0f, {2.0f, 2.0f});
  CHECK(w[1] == Approx(0.5f - (0.5f / 1.5f) * 2.0f / std::sqrt(8.0f)));
}

TEST_CASE("rmsprop: moving average cache", "[optim]") {
  // rho 0.9, g=1: c=0.1, w = 1 - 0.01/√0.1 = 0.968377; g=1: c=0.19, w -= 0.01/√0.19
  auto w = run(cfg("rmsprop", 0.01f), 1.0f, {1.0f, 1.0f});
  CHECK(w[0] == Approx(1.0f - 0.01f / std::sqrt(0.1f)));
  CHECK(w[1] == Approx(w[0] - 0.01f / std::sqrt(0.19f)));
}

TEST_CASE("adam: bias-corrected moments", "[optim]") {
  // step 1, g=1: m=0.1, v=0.001, m̂=1, v̂=1, w = 1 - 0.1·1/(1+1e-7) ≈ 0.9
  // step 2, g=0.5: m = 0.09+0.05 = 0.14, v = 0.000999+0.00025 = 0.001249
  //         m̂ = 0.14/0.19 = 0.736842, v̂ = 0.001249/0.001999 = 0.624812, √v̂ = 0.790451
  //         w = 0.9 - 0.1·0.736842/0.790451 = 0.9 - 0.093218 = 0.806782
  auto w = run(cfg("adam", 0.1f), 1.0f, {1.0f, 0.5f});
  CHECK(w[0] == Approx(0.9f));
  CHECK(w[1] == Approx(0.806782f).epsilon(1e-5));
  // With decay 1: the second step uses lr = 0.05, so the second move halves: 0.9 - 0.046609
  auto c = cfg("adam", 0.1f);
  c.lr_decay = 1.0f;
  w = run(c, 1.0f, {1.0f, 0.5f});
  CHECK(w[1] == Approx(0.853391f).epsilon(1e-5));
}

TEST_CASE("adamw: decoupled weight decay", "[optim]") {
  // step 1 as Adam plus lr·λ·w = 0.1·0.1·1 = 0.01: w = 1 - 0.1 - 0.01 = 0.89
  auto c = cfg("adamw", 0.1f);
  c.weight_decay = 0.1f;
  auto w = run(c, 1.0f, {1.0f});
  CHECK(w[0] == Approx(0.89f));
}

TEST_CASE("optimizer configs: defaults and validation", "[optim]") {
  CHECK(OptimizerConfig::defaults("sgd").lr == 1.0f);
  CHECK(OptimizerConfig::defaults("adam").lr == Approx(0.001f));
  CHECK(OptimizerConfig::defaults("adam").epsilon == Approx(1e-7f));
  CHECK_THROWS(OptimizerConfig::defaults("lbfgs"));
  auto c = OptimizerConfig::defaults("adam");
  c.lr = -1;
  CHECK_THROWS(c.validate());
  auto round = OptimizerConfig::from_json(OptimizerConfig::defaults("rmsprop").to_json());
  CHECK(round.type == OptimizerType::RmsProp);
  CHECK(round.rho == Approx(0.9f));
}
