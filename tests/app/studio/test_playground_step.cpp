#include <catch2/catch.hpp>

#include <cmath>

#include "app/studio/playground_step.h"
#include "engine/core/error.h"
#include "engine/data/toy_datasets.h"
#include "engine/losses/loss.h"
#include "engine/optim/optimizer_state.h"
#include "support/grad_check.h"

using namespace nnfs;
using namespace nnfs::studio;
using json = nlohmann::json;
using Catch::Matchers::Contains;

namespace {

Sequential spiral_net() {
  Sequential net = Sequential::from_architecture(
      {2}, json::array({json{{"type", "dense"}, {"units", 8}}, json{{"type", "relu"}},
                        json{{"type", "dense"}, {"units", 3}}, json{{"type", "softmax"}}}));
  net.init(11);
  return net;
}

Sequential sine_net() {
  Sequential net = Sequential::from_architecture(
      {1}, json::array({json{{"type", "dense"}, {"units", 8}}, json{{"type", "tanh"}},
                        json{{"type", "dense"}, {"units", 1}}}));
  net.init(5);
  return net;
}

// The data loss of `sample` through `net` (probabilities after a softmax, so cross-entropy reads them).
double sample_loss(const Sequential& net, const Dataset& data, std::size_t sample, const std::string& loss_name) {
  const std::size_t d = data.sample_size();
  Tensor x({1, d});
  for (std::size_t j = 0; j < d; ++j) x[j] = data.features[sample * d + j];
  Workspace ws;
  const Tensor& out = net.forward(x, ws);
  Tensor values({1, out.cols()});
  if (!data.targets.empty()) values[0] = data.targets[sample];
  const Targets t = data.targets.empty() ? Targets{{data.labels.data() + sample, 1}, nullptr} : Targets{{}, &values};
  return make_loss(loss_name)->forward(out, t);
}

// Every Dense's gradients against central differences of the loss, through a clone's parameters.
void check_gradients(const Sequential& net, const Dataset& data, std::size_t sample, const std::string& loss,
                     const StepTrace& trace) {
  Sequential probe = net.clone();
  const test::GradCheckOptions options;  // h = 1e-2: float passes, rounding noise stays small
  for (std::size_t i = 0; i < trace.layers.size(); ++i) {
    const StepLayer& layer = trace.layers[i];
    if (!layer.has_params) continue;
    for (const auto& entry : probe.params().entries()) {
      if (entry.name.rfind("layers." + std::to_string(i) + ".", 0) != 0) continue;
      const bool weight = entry.name.ends_with(".weight");
      const auto r = test::check_gradient([&] { return sample_loss(probe, data, sample, loss); },
                                          probe.params().value(&entry - probe.params().entries().data()),
                                          weight ? layer.dweights.data() : layer.dbiases.data(), entry.size,
                                          entry.name, options);
      INFO(r.detail);
      CHECK(r.ok);
    }
  }
}

}  // namespace

TEST_CASE("playground step: the forward pass is the engine's, layer by layer", "[playground]") {
  const Sequential net = spiral_net();
  const Dataset data = spiral_data(20, 3, 3);
  const StepTrace trace = trace_step(net, data, 17, "categorical_crossentropy", OptimizerConfig::defaults("adam"));
  REQUIRE(trace.layers.size() == 4);
  CHECK(trace.input == std::vector<float>{data.features[34], data.features[35]});
  Tensor x({1, 2}, {data.features[34], data.features[35]});
  Workspace ws;
  const Tensor& out = net.forward(x, ws);
  for (std::size_t i = 0; i < 4; ++i)
    CHECK(trace.layers[i].output == std::vector<float>(ws.activation(i + 1).data(), ws.activation(i + 1).data() + ws.activation(i + 1).size()));
  CHECK(trace.output == std::vector<float>(out.data(), out.data() + 3));
  // z = x·W + b from the trace's own weights.
  const StepLayer& d0 = trace.layers[0];
  for (std::size_t k = 0; k < 8; ++k)
    CHECK(d0.output[k] == Approx(x[0] * d0.weights[k] + x[1] * d0.weights[8 + k] + d0.biases[k]).margin(1e-6));
  CHECK(trace.loss == Approx(-std::log(trace.output[static_cast<std::size_t>(data.labels[17])])).epsilon(1e-5));
  CHECK(trace.target[static_cast<std::size_t>(data.labels[17])] == 1.0f);
}

TEST_CASE("playground step: softmax + cross-entropy backward is the engine's fused path and passes the finite-difference check", "[playground]") {
  const Sequential net = spiral_net();
  const Dataset data = spiral_data(20, 3, 3);
  for (const std::size_t sample : {5u, 25u, 59u}) {  // not sample 0: the origin, where every ReLU sits on its kink
    const StepTrace trace = trace_step(net, data, sample, "categorical_crossentropy", OptimizerConfig::defaults("sgd"));
    CHECK(trace.fused);
    // dL/dz = p − y below the softmax, which itself gets no gradient.
    for (std::size_t k = 0; k < 3; ++k) CHECK(trace.doutput[k] == Approx(trace.output[k] - trace.target[k]));
    CHECK(trace.layers[3].dvalues.empty());
    CHECK(trace.layers[2].dvalues == trace.doutput);
    // db = dvalues, dW = xᵀ·dvalues, and dinputs is what the layer below receives.
    CHECK(trace.layers[2].dbiases == trace.layers[2].dvalues);
    CHECK(trace.layers[2].dweights[5 * 3 + 1] == Approx(trace.layers[2].input[5] * trace.layers[2].dvalues[1]));
    CHECK(trace.layers[1].dvalues == trace.layers[2].dinputs);
    CHECK(trace.layers[0].dinputs.empty());
    check_gradients(net, data, sample, "categorical_crossentropy", trace);
  }
}

TEST_CASE("playground step: regression (mse) runs the loss's own backward and passes the finite-difference check", "[playground]") {
  const Sequential net = sine_net();
  const Dataset data = sine_data(50);
  const StepTrace trace = trace_step(net, data, 13, "mse", OptimizerConfig::defaults("adam"));
  CHECK_FALSE(trace.fused);
  CHECK(trace.target == std::vector<float>{data.targets[13]});
  CHECK(trace.loss == Approx(std::pow(trace.output[0] - trace.target[0], 2)).epsilon(1e-5));
  CHECK(trace.layers[2].dvalues == trace.doutput);
  check_gradients(net, data, 13, "mse", trace);
}

TEST_CASE("playground step: the update is the engine's optimizer on a copy, at the decayed rate", "[playground]") {
  const Sequential net = spiral_net();
  const std::vector<float> before(net.params().values().begin(), net.params().values().end());
  const Dataset data = spiral_data(20, 3, 3);
  OptimizerConfig sgd = OptimizerConfig::defaults("sgd");
  sgd.lr = 0.5f;
  sgd.lr_decay = 0.1f;
  const auto engine_sgd = make_optimizer(sgd);
  engine_sgd->set_steps(10);
  const StepTrace trace = trace_step(net, data, 4, "categorical_crossentropy", sgd, OptimizerState::capture(*engine_sgd));
  CHECK(trace.optimizer == "sgd");
  CHECK_FALSE(trace.fresh_state);
  CHECK(trace.step == 11);
  CHECK(trace.lr == Approx(0.25f));  // 0.5 / (1 + 0.1 · 10)
  for (const StepLayer& layer : trace.layers) {
    if (!layer.has_params) continue;
    for (std::size_t i = 0; i < layer.weights.size(); ++i)
      CHECK(layer.weights_after[i] == Approx(layer.weights[i] - 0.25f * layer.dweights[i]));
    for (std::size_t i = 0; i < layer.biases.size(); ++i)
      CHECK(layer.biases_after[i] == Approx(layer.biases[i] - 0.25f * layer.dbiases[i]));
  }
  // Adam's first step moves each parameter by lr · g / (|g| + ε): about lr against the gradient's sign.
  const StepTrace adam = trace_step(net, data, 4, "categorical_crossentropy", OptimizerConfig::defaults("adam"));
  const StepLayer& d0 = adam.layers[0];
  for (std::size_t i = 0; i < d0.weights.size(); ++i)
    if (std::fabs(d0.dweights[i]) > 1e-4f)
      CHECK(d0.weights_after[i] - d0.weights[i] == Approx(d0.dweights[i] > 0 ? -adam.lr : adam.lr).epsilon(1e-2));
  CHECK(adam.fresh_state);
  CHECK(adam.step == 1);
  CHECK(std::vector<float>(net.params().values().begin(), net.params().values().end()) == before);  // untouched
}

TEST_CASE("playground step: the run's optimizer state (momenta, step count) is used on a copy", "[playground]") {
  const Sequential net = spiral_net();
  const Dataset data = spiral_data(20, 3, 3);
  const OptimizerConfig config = OptimizerConfig::defaults("adam");
  // A run that took 3 steps with some gradient: its state has non-zero moments.
  const auto run = make_optimizer(config);
  std::vector<float> w(net.param_count(), 0.0f), g(net.param_count());
  for (std::size_t i = 0; i < g.size(); ++i) g[i] = 0.01f * static_cast<float>(i % 7) - 0.03f;
  for (int s = 0; s < 3; ++s) run->step(w, g);
  const OptimizerState state = OptimizerState::capture(*run);
  const StepTrace trace = trace_step(net, data, 9, "categorical_crossentropy", config, state);
  CHECK_FALSE(trace.fresh_state);
  CHECK(trace.step == 4);
  // The same update as the run's optimizer continuing with this sample's gradients.
  const auto next = make_optimizer(config);
  state.restore(*next, net.param_count());
  std::vector<float> expected(net.params().values().begin(), net.params().values().end());
  std::vector<float> grads;
  for (const StepLayer& layer : trace.layers)
    if (layer.has_params) {
      grads.insert(grads.end(), layer.dweights.begin(), layer.dweights.end());
      grads.insert(grads.end(), layer.dbiases.begin(), layer.dbiases.end());
    }
  REQUIRE(grads.size() == expected.size());
  next->step(expected, grads);
  std::vector<float> after;
  for (const StepLayer& layer : trace.layers)
    if (layer.has_params) {
      after.insert(after.end(), layer.weights_after.begin(), layer.weights_after.end());
      after.insert(after.end(), layer.biases_after.begin(), layer.biases_after.end());
    }
  CHECK(after == expected);
  // A state of another optimizer is not used: the trace starts fresh and says so.
  const StepTrace other = trace_step(net, data, 9, "categorical_crossentropy", OptimizerConfig::defaults("rmsprop"), state);
  CHECK(other.fresh_state);
  CHECK(other.step == 1);
}

TEST_CASE("playground step: a sample out of range or a set that does not fit is an error", "[playground]") {
  const Sequential net = spiral_net();
  const Dataset data = spiral_data(5, 3, 1);
  CHECK_THROWS_WITH(trace_step(net, data, 15, "categorical_crossentropy", {}),
                    Contains("sample 15 is out of range, the set has 15"));
  CHECK_THROWS_WITH(trace_step(net, sine_data(10), 0, "mse", {}), Contains("the network takes [2]"));
}

TEST_CASE("playground step: a click picks the nearest sample", "[playground]") {
  Dataset data;
  data.count = 3;
  data.sample_shape = {2};
  data.features = {0.0f, 0.0f, 1.0f, 1.0f, -1.0f, 0.5f};
  CHECK(nearest_sample(data, 0.9f, 0.8f) == 1);
  CHECK(nearest_sample(data, -0.7f, 0.4f) == 2);
  CHECK(nearest_sample(Dataset{}, 0.0f, 0.0f) == 0);
}
