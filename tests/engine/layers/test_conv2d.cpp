#include <catch2/catch.hpp>

#include <functional>

#include "engine/core/error.h"
#include "engine/core/parallel.h"
#include "engine/kernels/gemm.h"
#include "engine/losses/categorical_cross_entropy.h"
#include "engine/model/architecture.h"
#include "engine/model/sequential.h"
#include "engine/kernels/conv_ref.h"
#include "engine/kernels/im2col.h"
#include "engine/layers/conv2d.h"
#include "support/grad_check.h"

using namespace nnfs;
using Catch::Matchers::Contains;

namespace {

struct Built {
  ParamArena arena;
  Shape out;
};

void build(Conv2D& conv, const Shape& input, Built& b, std::uint64_t seed) {
  b.out = conv.build(input, "conv", b.arena);
  b.arena.allocate();
  conv.bind(b.arena);
  Rng rng(seed);
  for (float& v : b.arena.values()) v = rng.uniform(-1.0f, 1.0f);
}

Tensor random_batch(Shape shape, std::uint64_t seed) {
  Tensor x(std::move(shape));
  Rng rng(seed);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = rng.uniform(-1.0f, 1.0f);
  return x;
}

struct Case {
  Shape input;             // per sample
  Conv2DOptions options;
  // Float central differences of a loss summing thousands of 576-term outputs are rounding
  // noise at the 1% level; such a layer is checked against the reference loops only.
  bool gradcheck = true;
};

// Awkward shapes: 1 and odd channel counts, non-square windows and images, stride that skips
// pixels, padding wider than the window's reach, 1x1 pointwise, no bias; on AVX-512 the stride-1
// ones with padding below the window run DirectConv (3 channels on 13x5, 17 on 5x5, 1 on 28x28),
// the 3x3 ones with padding 1 and 16+ channels in and out WinogradConv (7x9, 13x13; 64 x 64
// channels on 5x6 also for the weight gradient).
const Case kCases[] = {
    {{28, 28}, {.filters = 8, .kernel_h = 3, .kernel_w = 3, .stride = 1, .padding = 1}},
    {{3, 7, 13}, {.filters = 5, .kernel_h = 3, .kernel_w = 5, .stride = 2, .padding = 2}},
    {{2, 5, 5}, {.filters = 13, .kernel_h = 5, .kernel_w = 5, .stride = 1, .padding = 0}},
    {{4, 6, 7}, {.filters = 3, .kernel_h = 1, .kernel_w = 1, .stride = 1, .padding = 0}},
    {{1, 9, 4}, {.filters = 2, .kernel_h = 2, .kernel_w = 3, .stride = 3, .padding = 1, .bias = false}},
    {{7, 3, 3}, {.filters = 1, .kernel_h = 3, .kernel_w = 3, .stride = 1, .padding = 3}},
    {{3, 13, 5}, {.filters = 17, .kernel_h = 3, .kernel_w = 3, .stride = 1, .padding = 1}},
    {{17, 5, 5}, {.filters = 3, .kernel_h = 5, .kernel_w = 5, .stride = 1, .padding = 2, .bias = false}},
    {{16, 7, 9}, {.filters = 16, .kernel_h = 3, .kernel_w = 3, .stride = 1, .padding = 1}},
    {{17, 13, 13}, {.filters = 20, .kernel_h = 3, .kernel_w = 3, .stride = 1, .padding = 1, .bias = false}},
    {{64, 5, 6}, {.filters = 64, .kernel_h = 3, .kernel_w = 3, .stride = 1, .padding = 1}, false},
};

// Runs body on every instruction-set path this CPU has (AVX-512 runs DirectConv, the others
// im2col + GEMM), then restores the default path.
void on_every_isa(const std::function<void()>& body) {
  for (GemmIsa isa : {GemmIsa::Scalar, GemmIsa::Avx2, GemmIsa::Avx512}) {
    if (!gemm_isa_available(isa)) continue;
    gemm_force_isa(isa);
    INFO(gemm_isa_name(isa));
    body();
  }
  gemm_force_isa(GemmIsa::Auto);
}

// body(case, its layer built with random parameters) for every case on every path.
void on_every_case(const std::function<void(const Case&, Conv2D&, Built&)>& body) {
  on_every_isa([&] {
    for (const Case& k : kCases) {
      Conv2D conv(k.options);
      Built b;
      build(conv, k.input, b, 11);
      INFO(shape_to_string(k.input) << " " << conv.config().dump());
      body(k, conv, b);
    }
  });
}

}  // namespace

TEST_CASE("conv2d: forward and backward equal the direct-loop reference on every ISA path", "[layers][conv]") {
  on_every_case([](const Case& k, Conv2D& conv, Built& b) {
    const ConvGeometry& g = conv.geometry();
    REQUIRE(b.out == Shape{k.options.filters, g.out_h(), g.out_w()});
    const float* w = b.arena.value(0);
    const float* bias = k.options.bias ? b.arena.value(1) : nullptr;
    const std::size_t co = k.options.filters, per_out = shape_size(b.out);
    for (std::size_t batch : {1u, 7u, 13u}) {
      Shape xs = k.input, ys = b.out;
      xs.insert(xs.begin(), batch);
      ys.insert(ys.begin(), batch);
      const Tensor x = random_batch(xs, 5 + batch), dy = random_batch(ys, 6 + batch);
      Tensor y, dx;
      const auto scratch = conv.make_scratch(batch);
      std::vector<float> grads(b.arena.size());
      conv.forward(x, y, {});
      conv.backward(x, y, dy, dx, {grads, scratch.get()});
      REQUIRE(y.shape() == ys);
      std::vector<float> y_ref(per_out), dx_ref(g.in_size()), dw_ref(co * g.patch()), db_ref(co);
      std::vector<double> dw_sum(dw_ref.size(), 0.0), db_sum(co, 0.0);
      for (std::size_t n = 0; n < batch; ++n) {
        conv2d_reference(g, co, x.data() + n * g.in_size(), w, bias, y_ref.data());
        conv2d_backward_reference(g, co, x.data() + n * g.in_size(), w, dy.data() + n * per_out, dx_ref.data(),
                                  dw_ref.data(), db_ref.data());
        for (std::size_t i = 0; i < per_out; ++i) REQUIRE(y[n * per_out + i] == Approx(y_ref[i]).margin(1e-4));
        for (std::size_t i = 0; i < g.in_size(); ++i)
          REQUIRE(dx[n * g.in_size() + i] == Approx(dx_ref[i]).margin(1e-4));
        for (std::size_t i = 0; i < dw_ref.size(); ++i) dw_sum[i] += dw_ref[i];
        for (std::size_t o = 0; o < co; ++o) db_sum[o] += db_ref[o];
      }
      for (std::size_t i = 0; i < dw_sum.size(); ++i) REQUIRE(grads[i] == Approx(dw_sum[i]).margin(1e-3));
      if (bias)
        for (std::size_t o = 0; o < co; ++o) REQUIRE(grads[dw_sum.size() + o] == Approx(db_sum[o]).margin(1e-3));
    }
  });
}

TEST_CASE("conv2d: the fused ReLU epilogue gives exactly max(0, forward)", "[layers][conv]") {
  on_every_case([](const Case& k, Conv2D& conv, Built&) {
    Shape xs = k.input;
    xs.insert(xs.begin(), 7);
    const Tensor x = random_batch(xs, 8);
    Tensor y, y_relu;
    conv.forward(x, y, {});
    ForwardContext fused;
    fused.relu_epilogue = true;
    conv.forward(x, y_relu, fused);
    for (std::size_t i = 0; i < y.size(); ++i) REQUIRE(y_relu[i] == std::max(0.0f, y[i]));
  });
}

TEST_CASE("conv2d: gradient check on awkward shapes", "[layers][conv][gradcheck]") {
  on_every_isa([] {
    for (const Case& k : kCases) {
      if (!k.gradcheck) continue;
      Conv2D conv(k.options);
      auto report = test::check_layer(conv, k.input, 3);
      INFO(shape_to_string(k.input) << " " << conv.config().dump() << ": " << report.detail);
      CHECK(report.ok);
    }
  });
}

TEST_CASE("conv2d: gradient check through a whole small CNN", "[layers][conv][gradcheck]") {
  // conv, relu, maxpool, conv, relu, flatten, dense, softmax + cross-entropy (the fused path
  // training uses), every parameter checked, on every ISA path.
  on_every_isa([] {
    Sequential net = Sequential::from_architecture(
        {1, 8, 8}, parse_architecture("conv2d:3:padding=1,relu,maxpool2d:2,conv2d:4:padding=1,relu,flatten,dense:3,softmax"));
    Rng rng(5);
    for (float& v : net.params().values()) v = rng.uniform(-0.5f, 0.5f);
    const Tensor x = random_batch({3, 1, 8, 8}, 9);
    const std::vector<std::int32_t> labels = {0, 2, 1};
    Workspace ws;
    net.prepare(ws, 3);
    Tensor d_out;
    softmax_cross_entropy_backward(net.forward_training(x, ws, rng), {labels, nullptr}, d_out);
    net.backward(d_out, net.layer_count() - 1, ws);
    const std::vector<float> analytic(ws.grads().begin(), ws.grads().end());
    const auto loss = make_loss("categorical_crossentropy");
    auto objective = [&] { return loss->forward(net.forward_training(x, ws, rng), {labels, nullptr}); };
    test::GradCheckOptions options;
    options.h = 1e-3;
    options.samples = net.param_count();
    const auto report =
        test::check_gradient(objective, net.params().values().data(), analytic.data(), net.param_count(), "params", options);
    INFO(report.detail);
    CHECK(report.ok);
  });
}

TEST_CASE("conv2d: gradients do not depend on the thread count", "[layers][conv]") {
  Conv2D conv({.filters = 6, .kernel_h = 3, .kernel_w = 3, .stride = 1, .padding = 1});
  Built b;
  build(conv, {3, 10, 9}, b, 3);
  const Tensor x = random_batch({37, 3, 10, 9}, 4);
  const Tensor dy = random_batch({37, 6, 10, 9}, 5);
  auto run = [&](int threads) {
    set_num_threads(threads);
    Tensor y, dx;
    const auto scratch = conv.make_scratch(37);
    std::vector<float> all(b.arena.size());
    conv.forward(x, y, {});
    conv.backward(x, y, dy, dx, {all, scratch.get()});
    all.insert(all.end(), dx.data(), dx.data() + dx.size());
    all.insert(all.end(), y.data(), y.data() + y.size());
    return all;
  };
  const auto one = run(1);
  const auto two = run(2);
  set_num_threads(0);
  CHECK(one == two);
}

TEST_CASE("conv2d: shapes that do not fit are rejected", "[layers][conv]") {
  ParamArena arena;
  Conv2D big({.filters = 2, .kernel_h = 5, .kernel_w = 5});
  CHECK_THROWS_WITH(big.build({3, 3}, "c", arena), Contains("does not fit"));
  Conv2D flat({.filters = 2});
  CHECK_THROWS_WITH(flat.build({784}, "c", arena), Contains("expects images"));
  CHECK_THROWS_AS(Conv2D({.filters = 0}), Error);
}

TEST_CASE("conv2d: He initialisation uses fan-in C x KH x KW", "[layers][conv]") {
  Conv2D conv({.filters = 64, .kernel_h = 3, .kernel_w = 3});
  ParamArena arena;
  conv.build({16, 8, 8}, "c", arena);
  arena.allocate();
  conv.bind(arena);
  Rng rng(2);
  conv.init(rng);
  double sq = 0.0;
  const std::size_t count = 64 * 16 * 9;
  for (std::size_t i = 0; i < count; ++i) sq += arena.values()[i] * arena.values()[i];
  CHECK(std::sqrt(sq / count) == Approx(std::sqrt(2.0 / (16 * 9))).epsilon(0.05));
  CHECK(arena.values()[count] == 0.0f);  // bias
}
