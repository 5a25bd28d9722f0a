#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "engine/kernels/channel_stats.h"
#include "support/fixtures.h"

using namespace nnfs;
using nnfs::test::random_values;

// Lengths around the 16 lanes and batch norm's planes (7x7, 14x14, 28x28).
static const std::size_t kLengths[] = {0, 1, 15, 16, 17, 33, 49, 196, 784};

TEST_CASE("channel_stats: run sums equal the double-precision loops", "[kernels][batchnorm]") {
  for (const std::size_t n : kLengths) {
    const std::vector<float> x = random_values(n, n + 1), dy = random_values(n, n + 2);
    const float mu = 0.3f;
    double sum = 0.0, sq = 0.0, g = 0.0, gx = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      sum += x[i];
      sq += (static_cast<double>(x[i]) - mu) * (static_cast<double>(x[i]) - mu);
      g += dy[i];
      gx += static_cast<double>(dy[i]) * (static_cast<double>(x[i]) - mu);
    }
    INFO("n " << n);
    CHECK(run_sum(x.data(), n) == Approx(sum).margin(1e-5));
    CHECK(run_squared_deviation(x.data(), n, mu) == Approx(sq).margin(1e-5));
    double got_g = 1.0, got_gx = -1.0;  // the sums are added to what is there
    run_gradient_sums(dy.data(), x.data(), n, mu, {}, got_g, got_gx);
    CHECK(got_g - 1.0 == Approx(g).margin(1e-5));
    CHECK(got_gx + 1.0 == Approx(gx).margin(1e-5));
  }
}

TEST_CASE("channel_stats: the elementwise passes equal their formulas", "[kernels][batchnorm]") {
  for (const std::size_t n : kLengths) {
    const std::vector<float> x = random_values(n, n + 3), dy = random_values(n, n + 4);
    std::vector<float> y(n), y_relu(n), dx(n);
    run_affine(x.data(), n, 1.5f, -0.25f, false, y.data());
    run_affine(x.data(), n, 1.5f, -0.25f, true, y_relu.data());
    run_batchnorm_dx(dy.data(), x.data(), n, {}, 0.8f, 0.1f, 0.3f, 0.05f, dx.data());
    INFO("n " << n);
    for (std::size_t i = 0; i < n; ++i) {
      CHECK(y[i] == Approx(x[i] * 1.5f - 0.25f).margin(1e-6));
      CHECK(y_relu[i] == (y[i] < 0.0f ? 0.0f : y[i]));
      CHECK(dx[i] == Approx(0.8f * (dy[i] - 0.1f - (x[i] - 0.3f) * 0.05f)).margin(1e-6));
    }
  }
}

// The fused BatchNorm+ReLU backward gates dy by x·a + b > 0, recomputed; it must be exactly the
// forward's ReLU (run_affine's y > 0), also where x·a + b rounds to either side of zero: x
// around the root 3 of 0.1·x - 0.3 (0.1 and 0.3 are inexact in float, so a fused multiply-add
// and a separate multiply and add disagree there), plus a NaN.
TEST_CASE("channel_stats: the ReLU gate is exactly the forward's ReLU", "[kernels][batchnorm]") {
  const float a = 0.1f, b = -0.3f, mu = 0.2f;
  for (const std::size_t n : kLengths) {
    std::vector<float> x(n);
    for (std::size_t i = 0; i < n; ++i) x[i] = std::nextafter(3.0f, i % 2 ? 4.0f : 2.0f) + static_cast<float>(i % 7) * 1e-7f - 3e-7f;
    if (n > 5) x[5] = std::nanf("");
    const std::vector<float> dy = random_values(n, n + 5);
    std::vector<float> y(n), masked(n);
    run_affine(x.data(), n, a, b, true, y.data());
    for (std::size_t i = 0; i < n; ++i) masked[i] = y[i] > 0.0f ? dy[i] : 0.0f;  // the ReLU layer's backward
    INFO("n " << n);
    double g_gate = 0.0, gx_gate = 0.0, g_mask = 0.0, gx_mask = 0.0;
    run_gradient_sums(dy.data(), x.data(), n, mu, {true, a, b}, g_gate, gx_gate);
    run_gradient_sums(masked.data(), x.data(), n, mu, {}, g_mask, gx_mask);
    CHECK(g_gate == g_mask);
    CHECK((gx_gate == gx_mask || (std::isnan(gx_gate) && std::isnan(gx_mask))));
    std::vector<float> dx_gate(n), dx_mask(n);
    run_batchnorm_dx(dy.data(), x.data(), n, {true, a, b}, 0.8f, 0.1f, mu, 0.05f, dx_gate.data());
    run_batchnorm_dx(masked.data(), x.data(), n, {}, 0.8f, 0.1f, mu, 0.05f, dx_mask.data());
    CHECK(test::same_bits(dx_gate, dx_mask));
  }
}
