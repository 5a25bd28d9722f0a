#include <catch2/catch.hpp>

#include "engine/core/error.h"
#include "engine/core/parallel.h"
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
};

// Awkward shapes: 1 and odd channel counts, non-square windows and images, stride that skips
// pixels, padding wider than the window's reach, 1x1 pointwise, no bias.
const Case kCases[] = {
    {{28, 28}, {.filters = 8, .kernel_h = 3, .kernel_w = 3, .stride = 1, .padding = 1}},
    {{3, 7, 13}, {.filters = 5, .kernel_h = 3, .kernel_w = 5, .stride = 2, .padding = 2}},
    {{2, 5, 5}, {.filters = 13, .kernel_h = 5, .kernel_w = 5, .stride = 1, .padding = 0}},
    {{4, 6, 7}, {.filters = 3, .kernel_h = 1, .kernel_w = 1, .stride = 1, .padding = 0}},
    {{1, 9, 4}, {.filters = 2, .kernel_h = 2, .kernel_w = 3, .stride = 3, .padding = 1, .bias = false}},
    {{7, 3, 3}, {.filters = 1, .kernel_h = 3, .kernel_w = 3, .stride = 1, .padding = 3}},
};

}  // namespace

TEST_CASE("conv2d: forward equals the direct-loop reference on awkward shapes", "[layers][conv]") {
  for (const Case& k : kCases) {
    Conv2D conv(k.options);
    Built b;
    build(conv, k.input, b, 11);
    const ConvGeometry& g = conv.geometry();
    REQUIRE(b.out == Shape{k.options.filters, g.out_h(), g.out_w()});
    for (std::size_t batch : {1u, 3u, 17u}) {
      Shape xs = k.input;
      xs.insert(xs.begin(), batch);
      const Tensor x = random_batch(xs, 5 + batch);
      Tensor y;
      conv.forward(x, y, {});
      REQUIRE(y.shape() == Shape{batch, b.out[0], b.out[1], b.out[2]});
      const std::size_t per_out = shape_size(b.out);
      std::vector<float> expected(per_out);
      const float* bias = k.options.bias ? b.arena.value(1) : nullptr;
      for (std::size_t n = 0; n < batch; ++n) {
        conv2d_reference(g, k.options.filters, x.data() + n * g.in_size(), b.arena.value(0), bias, expected.data());
        for (std::size_t i = 0; i < per_out; ++i) REQUIRE(y[n * per_out + i] == Approx(expected[i]).margin(1e-4));
      }
    }
  }
}

TEST_CASE("conv2d: gradient check on awkward shapes", "[layers][conv][gradcheck]") {
  for (const Case& k : kCases) {
    Conv2D conv(k.options);
    auto report = test::check_layer(conv, k.input, 3);
    INFO(shape_to_string(k.input) << " " << conv.config().dump() << ": " << report.detail);
    CHECK(report.ok);
  }
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
