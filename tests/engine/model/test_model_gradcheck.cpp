// Gradient checks through a whole model: L1/L2 penalties on every Dense layer's weights and
// biases, LeakyReLU, Tanh, dropout with a fixed mask, and each output layer with its loss. The
// checked objective is what training minimises, data loss + regularisation loss.
#include <catch2/catch.hpp>

#include <cmath>

#include "engine/layers/dropout.h"
#include "engine/losses/categorical_cross_entropy.h"
#include "engine/model/architecture.h"
#include "engine/model/sequential.h"
#include "support/grad_check.h"

using namespace nnfs;

namespace {

constexpr std::size_t kBatch = 5, kInputs = 4, kOutputs = 3;

struct Case {
  const char* head;  // output layer(s) appended to the body
  const char* loss;
  bool fused;        // softmax + cross-entropy through the fused gradient, as training does
};

// Values in ±[margin, 1]: away from the L1 kink at zero and from ReLU-like kinks.
void fill(float* v, std::size_t n, Rng& rng, float margin = 0.05f) {
  for (std::size_t i = 0; i < n; ++i) {
    float x = rng.uniform(-1.0f, 1.0f);
    if (std::fabs(x) < margin) x += x < 0 ? -margin : margin;
    v[i] = x;
  }
}

}  // namespace

TEST_CASE("whole model: gradient check with L1/L2 on weights and biases, dropout, every loss",
          "[model][gradcheck]") {
  const std::string body =
      "dense:6:l1=0.01:l2=0.02:bias_l1=0.03:bias_l2=0.04,leaky_relu:0.1,dropout:0.3,"
      "dense:5:l2=0.05:bias_l1=0.02,tanh,dense:3:l1=0.02:bias_l2=0.01,";
  const Case cases[] = {{"softmax", "categorical_crossentropy", true},
                        {"softmax", "categorical_crossentropy", false},
                        {"sigmoid", "binary_crossentropy", false},
                        {"linear", "mse", false},
                        {"linear", "mae", false}};
  for (const Case& c : cases) {
    INFO(c.head << " + " << c.loss << (c.fused ? " (fused)" : ""));
    Sequential net = Sequential::from_architecture({kInputs}, parse_architecture(body + c.head));
    Rng rng(21);
    fill(net.params().values().data(), net.param_count(), rng);
    Workspace ws;
    net.prepare(ws, kBatch);
    auto& dropout = dynamic_cast<DropoutScratch&>(*ws.scratch(2));  // layer 2's mask, frozen
    dropout.mask.resize(kBatch * 6);
    for (float& m : dropout.mask) m = rng.bernoulli(0.7f) ? 1.0f / 0.7f : 0.0f;
    dropout.fixed = true;

    Tensor x({kBatch, kInputs});
    fill(x.data(), x.size(), rng);
    const std::vector<std::int32_t> labels = {0, 2, 1, 1, 0};
    Tensor values({kBatch, kOutputs});
    for (std::size_t i = 0; i < values.size(); ++i)
      values[i] = std::string(c.loss) == "binary_crossentropy" ? static_cast<float>(rng.bernoulli(0.5f))
                                                             : rng.uniform(-1.0f, 1.0f);
    const Targets targets = std::string(c.loss) == "categorical_crossentropy" ? Targets{labels, nullptr}
                                                                              : Targets{{}, &values};
    const auto loss = make_loss(c.loss);

    // Analytic: the loss gradient (fused at the logits, or the loss's own), then backward, which
    // adds each Dense layer's penalty gradient λ₁·sign(w) + 2λ₂·w.
    const Tensor& out = net.forward_training(x, ws, rng);
    Tensor d_out;
    if (c.fused) {
      softmax_cross_entropy_backward(out, targets, d_out);
      net.backward(d_out, net.layer_count() - 1, ws);
    } else {
      loss->backward(out, targets, d_out);
      net.backward(d_out, ws);
    }
    const std::vector<float> analytic(ws.grads().begin(), ws.grads().end());

    auto objective = [&] { return loss->forward(net.forward_training(x, ws, rng), targets) + net.regularization_loss(); };
    test::GradCheckOptions options;
    options.h = 1e-3;
    options.samples = net.param_count();  // every parameter (97 of them)
    const test::GradCheckReport report = test::check_gradient(objective, net.params().values().data(),
                                                              analytic.data(), net.param_count(), "params", options);
    INFO(report.detail);
    CHECK(report.ok);
  }
}

TEST_CASE("whole model: the penalty gradients are part of the gradient", "[model][gradcheck]") {
  // The same network with and without penalties differs in its gradient by exactly
  // λ₁·sign(w) + 2λ₂·w on each parameter.
  const std::string plain = "dense:3,relu,dense:2,softmax";
  const std::string penalised = "dense:3:l1=0.1:l2=0.2:bias_l1=0.3:bias_l2=0.4,relu,dense:2,softmax";
  Sequential a = Sequential::from_architecture({2}, parse_architecture(plain));
  Sequential b = Sequential::from_architecture({2}, parse_architecture(penalised));
  Rng rng(4);
  fill(a.params().values().data(), a.param_count(), rng);
  std::copy(a.params().values().begin(), a.params().values().end(), b.params().values().begin());
  Tensor x({2, 2}, {0.5f, -0.25f, 1.0f, 0.75f});
  const std::vector<std::int32_t> labels = {1, 0};
  Workspace wa, wb;
  for (auto [net, ws] : {std::pair{&a, &wa}, std::pair{&b, &wb}}) {
    Tensor d;
    softmax_cross_entropy_backward(net->forward(x, *ws), {labels, nullptr}, d);
    net->backward(d, net->layer_count() - 1, *ws);
  }
  const auto w = a.params().values();
  for (std::size_t i = 0; i < 9; ++i) {  // the first layer: W [2,3] then b [3]
    const bool bias = i >= 6;
    const float l1 = bias ? 0.3f : 0.1f, l2 = bias ? 0.4f : 0.2f;
    const float expected = l1 * (w[i] > 0 ? 1.0f : -1.0f) + 2.0f * l2 * w[i];
    CHECK(wb.grads()[i] - wa.grads()[i] == Approx(expected).margin(1e-6));
  }
  for (std::size_t i = 9; i < a.param_count(); ++i) CHECK(wb.grads()[i] == wa.grads()[i]);
}
