// Sequential's Dense+ReLU and Conv2D+ReLU fusion (the ReLU in the layer's epilogue, training forwards only)
// gives exactly the unfused computation: same outputs, same gradients, bit for bit.
#include <catch2/catch.hpp>
#include <vector>

#include "engine/core/parallel.h"
#include "engine/kernels/gemm.h"
#include "engine/losses/categorical_cross_entropy.h"
#include "engine/model/model.h"
#include "engine/model/sequential.h"
#include "support/fixtures.h"

using namespace nnfs;

namespace {

struct Pass {
  Tensor output;
  std::vector<float> grads;
};

// One forward (fused when training) and the backward through softmax + cross-entropy.
Pass run(Model& m, const Tensor& x, const std::vector<std::int32_t>& labels, bool training, Workspace& ws) {
  Rng rng(1);
  Pass p;
  p.output = training ? m.net.forward_training(x, ws, rng) : m.net.forward(x, ws);
  Tensor d_logits;
  softmax_cross_entropy_backward(p.output, {labels, nullptr}, d_logits);
  m.net.backward(d_logits, m.net.layer_count() - 1, ws);
  p.grads.assign(ws.grads().begin(), ws.grads().end());
  return p;
}

}  // namespace

TEST_CASE("sequential: fused Dense+ReLU equals the unfused layers bit for bit", "[model]") {
  const int threads = num_threads();
  // Big enough for the threaded GEMM paths; 301 hidden units leave a partial vector.
  Model m = test::small_classifier({200}, 301, 10, 3);
  Rng rng(5);
  for (float& v : m.net.params().values()) v = rng.uniform(-0.3f, 0.3f);  // biases too
  const Tensor x = test::random_inputs(m.net, 67, 4);
  std::vector<std::int32_t> labels(67);
  for (std::size_t i = 0; i < labels.size(); ++i) labels[i] = static_cast<std::int32_t>(i % 10);

  for (GemmIsa isa : {GemmIsa::Scalar, GemmIsa::Avx2, GemmIsa::Avx512}) {
    if (!gemm_isa_available(isa)) continue;
    gemm_force_isa(isa);
    for (int t : {1, 2, 3}) {
      set_num_threads(t);
      INFO(gemm_isa_name(isa) << " threads " << t);
      Workspace ws;
      const Pass unfused = run(m, x, labels, false, ws);
      // Unfused, the ReLU's input is the Dense's pre-activation (some of it negative).
      bool negative = false;
      for (std::size_t i = 0; i < ws.activation(1).size(); ++i) negative |= ws.activation(1)[i] < 0.0f;
      CHECK(negative);
      const Pass fused = run(m, x, labels, true, ws);
      CHECK(test::same_bits(fused.output, unfused.output));
      CHECK(test::same_bits(fused.grads, unfused.grads));
      // Fused, the ReLU did no work: its output is the Dense's (clamped) output.
      CHECK(&ws.activation(2) == &ws.activation(1));
    }
  }
  gemm_force_isa(GemmIsa::Auto);
  set_num_threads(threads);
}

TEST_CASE("sequential: fused Conv2D+ReLU equals the unfused layers bit for bit", "[model]") {
  const int threads = num_threads();
  Model m;
  m.net = Sequential::from_architecture(
      {1, 12, 12}, nlohmann::json::array({{{"type", "conv2d"}, {"filters", 5}, {"padding", 1}},
                                          {{"type", "relu"}},
                                          {{"type", "conv2d"}, {"filters", 3}, {"kernel", {3, 3}}, {"stride", 2}},
                                          {{"type", "relu"}},
                                          {{"type", "dense"}, {"units", 4}},
                                          {{"type", "softmax"}}}));
  Rng rng(6);
  for (float& v : m.net.params().values()) v = rng.uniform(-0.5f, 0.5f);
  const Tensor x = test::random_inputs(m.net, 19, 4);
  std::vector<std::int32_t> labels(19);
  for (std::size_t i = 0; i < labels.size(); ++i) labels[i] = static_cast<std::int32_t>(i % 4);
  // AVX-512: the first conv runs DirectConv, the strided one im2col + GEMM; other paths im2col.
  for (GemmIsa isa : {GemmIsa::Scalar, GemmIsa::Avx2, GemmIsa::Avx512}) {
    if (!gemm_isa_available(isa)) continue;
    gemm_force_isa(isa);
    for (int t : {1, 2}) {
      set_num_threads(t);
      INFO(gemm_isa_name(isa) << " threads " << t);
      Workspace ws;
      const Pass unfused = run(m, x, labels, false, ws);
      const Pass fused = run(m, x, labels, true, ws);
      CHECK(test::same_bits(fused.output, unfused.output));
      CHECK(test::same_bits(fused.grads, unfused.grads));
      CHECK(&ws.activation(2) == &ws.activation(1));
      CHECK(&ws.activation(4) == &ws.activation(3));
    }
  }
  gemm_force_isa(GemmIsa::Auto);
  set_num_threads(threads);
}

// BatchNorm+ReLU: in a training pass the ReLU's backward is done inside BatchNorm's (its passes
// gate dy), unless each layer's input gradient is kept, which runs the ReLU's own pass. Both give
// the same gradients, bit for bit (convolutional and dense BatchNorms).
TEST_CASE("sequential: BatchNorm+ReLU's fused backward equals the ReLU's own pass bit for bit", "[model][batchnorm]") {
  const int threads = num_threads();
  Model m;
  m.net = Sequential::from_architecture(
      {2, 9, 9}, nlohmann::json::array({{{"type", "conv2d"}, {"filters", 4}, {"padding", 1}},
                                         {{"type", "batchnorm"}},
                                         {{"type", "relu"}},
                                         {{"type", "conv2d"}, {"filters", 3}},
                                         {{"type", "batchnorm"}},
                                         {{"type", "relu"}},
                                         {{"type", "flatten"}},
                                         {{"type", "dense"}, {"units", 6}},
                                         {{"type", "batchnorm"}},
                                         {{"type", "relu"}},
                                         {{"type", "dense"}, {"units", 3}},
                                         {{"type", "softmax"}}}));
  Rng rng(7);
  for (float& v : m.net.params().values()) v = rng.uniform(-0.5f, 0.5f);  // β ≠ 0: gates at both sides
  const Tensor x = test::random_inputs(m.net, 13, 4);
  std::vector<std::int32_t> labels(13);
  for (std::size_t i = 0; i < labels.size(); ++i) labels[i] = static_cast<std::int32_t>(i % 3);
  for (int t : {1, 2, 3}) {
    set_num_threads(t);
    INFO("threads " << t);
    Workspace fused_ws, kept_ws;
    kept_ws.keep_input_grads(true);
    const Pass fused = run(m, x, labels, true, fused_ws);
    const Pass unfused = run(m, x, labels, true, kept_ws);
    CHECK(test::same_bits(fused.output, unfused.output));
    CHECK(test::same_bits(fused.grads, unfused.grads));
    // The kept gradient below each ReLU is its own pass's: zero where the ReLU's output is.
    for (std::size_t relu : {2u, 5u, 9u}) {
      const Tensor& below = kept_ws.input_grad(relu);
      std::size_t zeros = 0;
      for (std::size_t i = 0; i < below.size(); ++i) zeros += kept_ws.activation(relu + 1)[i] == 0.0f;
      for (std::size_t i = 0; i < below.size(); ++i)
        if (kept_ws.activation(relu + 1)[i] == 0.0f) CHECK(below[i] == 0.0f);
      CHECK(zeros > 0);
    }
  }
  set_num_threads(threads);
}
