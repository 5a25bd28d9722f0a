// Sequential: shapes, parameter bookkeeping, cloning, and gradients through the whole model.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <memory>
#include <thread>
#include <vector>

#include "engine/losses/categorical_cross_entropy.h"
#include "engine/model/model.h"
#include "engine/model/sequential.h"
#include "support/fixtures.h"
#include "support/grad_check.h"

using namespace nnfs;
using json = nlohmann::json;

namespace {

std::vector<std::int32_t> some_labels(std::size_t n, std::size_t classes) {
  std::vector<std::int32_t> labels(n);
  for (std::size_t i = 0; i < n; ++i) labels[i] = static_cast<std::int32_t>((i * 7 + 1) % classes);
  return labels;
}

}  // namespace

TEST_CASE("sequential: the mlp preset is 784-128-10 with 101770 parameters", "[model]") {
  Sequential net = Sequential::from_architecture({28, 28}, preset_architecture("mlp", 10));
  REQUIRE(net.layer_count() == 4);
  CHECK(net.layer(0).type() == "dense");
  CHECK(net.layer(1).type() == "relu");
  CHECK(net.layer(2).type() == "dense");
  CHECK(net.layer(3).type() == "softmax");
  CHECK(net.ends_in_softmax());
  CHECK(net.input_shape() == Shape{28, 28});
  CHECK(net.shape_after(0) == Shape{128});
  CHECK(net.shape_after(1) == Shape{128});
  CHECK(net.shape_after(2) == Shape{10});
  CHECK(net.output_shape() == Shape{10});

  CHECK(net.param_count() == 101770);
  CHECK(net.layer_param_count(0) == 784 * 128 + 128);
  CHECK(net.layer_param_count(1) == 0);
  CHECK(net.layer_param_count(2) == 128 * 10 + 10);
  CHECK(net.layer_param_count(3) == 0);

  const auto& entries = net.params().entries();
  REQUIRE(entries.size() == 4);
  CHECK(entries[0].name == "layers.0.weight");
  CHECK(entries[0].shape == Shape{784, 128});
  CHECK(entries[1].name == "layers.0.bias");
  CHECK(entries[1].shape == Shape{128});
  CHECK(entries[2].name == "layers.2.weight");
  CHECK(entries[2].shape == Shape{128, 10});
  CHECK(entries[3].name == "layers.2.bias");
  CHECK(entries[3].offset + entries[3].size == net.param_count());

  const std::string summary = net.summary();
  CHECK_THAT(summary, Catch::Contains("total parameters: 101770"));
  CHECK_THAT(summary, Catch::Contains("[28, 28]"));
  CHECK_THAT(summary, Catch::Contains("[128]"));
  CHECK_THAT(summary, Catch::Contains("100480"));
  CHECK_THAT(summary, Catch::Contains("1290"));
  CHECK_THAT(summary, Catch::Contains("softmax"));

  // The architecture round-trips.
  CHECK(Sequential::from_architecture({28, 28}, net.architecture()).architecture() == net.architecture());
}

TEST_CASE("sequential: unknown presets and bad architectures are errors", "[model]") {
  const std::vector<std::string> names = preset_names();
  CHECK(std::find(names.begin(), names.end(), "mlp") != names.end());
  CHECK_THAT(test::error_message([] { preset_architecture("resnet-152", 10); }), Catch::Contains("resnet-152"));
  CHECK_THAT(test::error_message([] { Sequential::from_architecture({4}, json::object()); }),
             Catch::Contains("array"));
  CHECK_THAT(test::error_message([] { Sequential::from_architecture({4}, json::array()); }),
             Catch::Contains("no layers"));
  CHECK_THAT(test::error_message([] {
               Sequential::from_architecture({4}, json::array({{{"type", "relu"}}, {{"type", "nope"}}}));
             }),
             Catch::Contains("layer 1") && Catch::Contains("nope"));
}

TEST_CASE("sequential: init is deterministic per seed, He-scaled, biases zero", "[model]") {
  Sequential a = Sequential::from_architecture({28, 28}, preset_architecture("mlp", 10));
  Sequential b = Sequential::from_architecture({28, 28}, preset_architecture("mlp", 10));
  Sequential c = Sequential::from_architecture({28, 28}, preset_architecture("mlp", 10));
  a.init(7);
  b.init(7);
  c.init(8);
  CHECK(test::same_bits(a.params().values(), b.params().values()));
  CHECK_FALSE(test::same_bits(a.params().values(), c.params().values()));

  const auto& w = a.params().entries()[0];
  double sq = 0.0;
  for (std::size_t i = 0; i < w.size; ++i) sq += static_cast<double>(a.params().values()[w.offset + i]) * a.params().values()[w.offset + i];
  CHECK(std::sqrt(sq / static_cast<double>(w.size)) == Approx(std::sqrt(2.0 / 784.0)).epsilon(0.02));
  const auto& bias = a.params().entries()[1];
  for (std::size_t i = 0; i < bias.size; ++i) CHECK(a.params().values()[bias.offset + i] == 0.0f);
}

TEST_CASE("sequential: forward gives probabilities of the output shape", "[model]") {
  Model m = test::small_classifier({3, 4}, 6, 5, 3);
  const Tensor x = test::random_inputs(m.net, 7, 11);
  Workspace ws;
  const Tensor& y = m.net.forward(x, ws);
  REQUIRE(y.shape() == Shape{7, 5});
  for (std::size_t r = 0; r < 7; ++r) {
    double sum = 0.0;
    for (std::size_t j = 0; j < 5; ++j) {
      CHECK(y.at(r, j) > 0.0f);
      sum += y.at(r, j);
    }
    CHECK(sum == Approx(1.0).epsilon(1e-5));
  }
  // activation(i) is the input of layer i; activation(layer_count()) the output.
  CHECK(&ws.activation(0) == &x);
  CHECK(ws.activation(1).shape() == Shape{7, 6});
  CHECK(&ws.activation(m.net.layer_count()) == &y);

  // The batch size may change between calls; inputs of the wrong width are rejected.
  const Tensor two = test::random_inputs(m.net, 2, 1);
  CHECK(m.net.forward(two, ws).shape() == Shape{2, 5});
  Tensor wrong({2, 11});
  CHECK_THAT(test::error_message([&] { m.net.forward(wrong, ws); }), Catch::Contains("[3, 4]"));
}

TEST_CASE("sequential: clone has the same outputs and its own parameters", "[model]") {
  Model m = test::small_classifier({5}, 8, 4, 21);
  Sequential copy = m.net.clone();
  CHECK(copy.architecture() == m.net.architecture());
  CHECK(test::same_bits(copy.params().values(), m.net.params().values()));
  CHECK(copy.layout_id() == m.net.layout_id());  // one workspace fits both
  const Tensor x = test::random_inputs(m.net, 6, 2);
  Workspace ws;
  const Tensor original_out = m.net.forward(x, ws);
  CHECK(test::same_bits(copy.forward(x, ws), original_out));

  copy.params().values()[0] += 1.0f;
  CHECK(test::same_bits(m.net.forward(x, ws), original_out));
  CHECK_FALSE(test::same_bits(copy.forward(x, ws), original_out));
}

TEST_CASE("sequential: gradient check through Dense-ReLU-Dense-Softmax with cross-entropy",
          "[model][gradcheck]") {
  Model m = test::small_classifier({6}, 7, 4, 5);
  // Non-zero biases, so every parameter matters.
  Rng rng(9);
  for (float& v : m.net.params().values()) v = rng.uniform(-0.8f, 0.8f);
  const Tensor x = test::random_inputs(m.net, 5, 3);
  const std::vector<std::int32_t> labels = some_labels(5, 4);
  const Targets targets{labels, nullptr};
  const CategoricalCrossEntropy cce;

  // Chained: the loss's own backward, then every layer's including Softmax's Jacobian.
  Workspace ws;
  const Tensor& out = m.net.forward(x, ws);
  Tensor d_out;
  cce.backward(out, targets, d_out);
  m.net.backward(d_out, ws);
  const std::vector<float> analytic(ws.grads().begin(), ws.grads().end());

  auto loss = [&] { return cce.forward(m.net.forward(x, ws), targets); };
  test::GradCheckOptions options;
  options.h = 1e-3;
  options.samples = 1000;  // all 63 parameters
  const test::GradCheckReport report =
      test::check_gradient(loss, m.net.params().values().data(), analytic.data(), m.net.param_count(), "params", options);
  INFO(report.detail);
  CHECK(report.ok);
  // The gradient is not trivially zero.
  double norm = 0.0;
  for (float g : analytic) norm += static_cast<double>(g) * g;
  CHECK(norm > 1e-6);
}

TEST_CASE("sequential: the fused softmax + cross-entropy path equals the chained path", "[model]") {
  Model m = test::small_classifier({10}, 16, 6, 8);
  const Tensor x = test::random_inputs(m.net, 12, 4);
  const std::vector<std::int32_t> labels = some_labels(12, 6);
  const Targets targets{labels, nullptr};
  const CategoricalCrossEntropy cce;

  Workspace ws;
  const Tensor& out = m.net.forward(x, ws);
  const double chained_loss = cce.forward(out, targets);
  Tensor d_out;
  cce.backward(out, targets, d_out);
  m.net.backward(d_out, ws);
  const std::vector<float> chained(ws.grads().begin(), ws.grads().end());

  Tensor d_logits;
  const double fused_loss = softmax_cross_entropy_backward(out, targets, d_logits);
  m.net.backward(d_logits, m.net.layer_count() - 1, ws);
  const std::vector<float> fused(ws.grads().begin(), ws.grads().end());

  CHECK(fused_loss == Approx(chained_loss).epsilon(1e-6));
  REQUIRE(fused.size() == chained.size());
  float largest = 0.0f;
  for (float g : chained) largest = std::max(largest, std::fabs(g));
  REQUIRE(largest > 0.0f);
  for (std::size_t i = 0; i < fused.size(); ++i) {
    INFO("parameter " << i);
    CHECK(fused[i] == Approx(chained[i]).margin(1e-5 * largest).epsilon(1e-3));
  }
}

TEST_CASE("sequential: backward overwrites gradients instead of accumulating", "[model]") {
  Model m = test::small_classifier({4}, 5, 3, 2);
  const Tensor x = test::random_inputs(m.net, 4, 1);
  const std::vector<std::int32_t> labels = some_labels(4, 3);
  Tensor d;
  Workspace ws;
  softmax_cross_entropy_backward(m.net.forward(x, ws), {labels, nullptr}, d);
  m.net.backward(d, m.net.layer_count() - 1, ws);
  const std::vector<float> first(ws.grads().begin(), ws.grads().end());
  softmax_cross_entropy_backward(m.net.forward(x, ws), {labels, nullptr}, d);
  m.net.backward(d, m.net.layer_count() - 1, ws);
  CHECK(test::same_bits(ws.grads(), first));
}

TEST_CASE("sequential: a const network runs in workspaces of its own callers, on any thread", "[model][concurrency]") {
  // The network is only read: two threads predict with one shared object at once, each in its own
  // workspace, and both get what a single pass gives.
  const auto net = std::make_shared<const Sequential>(test::small_classifier({12}, 16, 5, 4).net);
  const Tensor x = test::random_inputs(*net, 9, 6);
  Workspace reference_ws;
  const Tensor reference = net->forward(x, reference_ws);
  std::vector<Tensor> results(2);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < 2; ++t)
    threads.emplace_back([&, t] {
      Workspace ws;
      for (int i = 0; i < 50; ++i) results[t] = net->forward(x, ws);
    });
  for (auto& thread : threads) thread.join();
  CHECK(test::same_bits(results[0], reference));
  CHECK(test::same_bits(results[1], reference));
}

TEST_CASE("sequential: a prepared workspace allocates nothing for batches up to its size", "[model]") {
  Model m = test::small_classifier({6}, 8, 3, 1);
  Workspace ws;
  m.net.prepare(ws, 16);
  const Tensor big = test::random_inputs(m.net, 16, 1), small = test::random_inputs(m.net, 5, 2);
  m.net.forward(big, ws);
  const float* output = ws.activation(m.net.layer_count()).data();
  m.net.forward(small, ws);
  CHECK(ws.activation(m.net.layer_count()).data() == output);  // the same storage, resized down
  CHECK(ws.grads().size() == m.net.param_count());
  // Backward needs a forward pass in this workspace first.
  Workspace fresh;
  CHECK_THROWS(m.net.backward(Tensor({5, 3}), fresh));
}
