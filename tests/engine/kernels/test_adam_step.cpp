#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <vector>

#include "engine/core/parallel.h"
#include "engine/core/rng.h"
#include "engine/kernels/adam_step.h"
#include "engine/kernels/gemm.h"

using namespace nnfs;

namespace {

struct Arena {
  std::vector<float> w, g, m, v;
  explicit Arena(std::size_t n) : w(n), g(n), m(n), v(n) {
    Rng rng(7);
    for (std::size_t i = 0; i < n; ++i) {
      w[i] = rng.uniform(-1.0f, 1.0f);
      g[i] = rng.uniform(-0.1f, 0.1f);
      m[i] = rng.uniform(-0.01f, 0.01f);
      v[i] = rng.uniform(0.0f, 1e-4f);
    }
  }
};

const AdamCoefficients kStep3 = {0.9f, 0.999f, 1e-7f, 1e-3f, 1.0f / (1.0f - 0.729f),
                                 1.0f / (1.0f - 0.997002999f), 1e-5f};

}  // namespace

TEST_CASE("adam_step matches the update rule on every path", "[kernels][optim]") {
  const int threads = num_threads();
  for (GemmIsa isa : {GemmIsa::Scalar, GemmIsa::Avx2, GemmIsa::Avx512}) {
    if (!gemm_isa_available(isa)) continue;
    gemm_force_isa(isa);
    const std::size_t n = 70001;  // above the parallel threshold, not a multiple of 16
    Arena a(n);
    const Arena before = a;
    set_num_threads(2);
    adam_step(a.w.data(), a.g.data(), a.m.data(), a.v.data(), n, kStep3);
    const AdamCoefficients& k = kStep3;
    for (std::size_t i = 0; i < n; i += 997) {
      const double m = k.beta1 * double(before.m[i]) + (1.0 - k.beta1) * before.g[i];
      const double v = k.beta2 * double(before.v[i]) + (1.0 - k.beta2) * double(before.g[i]) * before.g[i];
      const double w = before.w[i] - (k.lr * m * k.r1 / (std::sqrt(v * k.r2) + k.eps) + k.decay * before.w[i]);
      INFO("isa " << gemm_isa_name(isa) << " element " << i);
      REQUIRE(a.m[i] == Approx(m).epsilon(1e-5));
      REQUIRE(a.v[i] == Approx(v).epsilon(1e-5));
      REQUIRE(a.w[i] == Approx(w).epsilon(1e-5));
    }
  }
  gemm_force_isa(GemmIsa::Auto);
  set_num_threads(threads);
}

TEST_CASE("adam_step results are bit-identical for 1, 2 and 3 threads", "[kernels][optim][concurrency]") {
  const int threads = num_threads();
  for (GemmIsa isa : {GemmIsa::Scalar, GemmIsa::Avx2, GemmIsa::Avx512}) {
    if (!gemm_isa_available(isa)) continue;
    gemm_force_isa(isa);
    for (const std::size_t n : {std::size_t{5}, std::size_t{40000}, std::size_t{100003}}) {
      std::vector<Arena> results;
      for (int t : {1, 2, 3}) {
        set_num_threads(t);
        Arena a(n);
        adam_step(a.w.data(), a.g.data(), a.m.data(), a.v.data(), n, kStep3);
        results.push_back(a);
      }
      INFO("isa " << gemm_isa_name(isa) << " n " << n);
      for (std::size_t r = 1; r < results.size(); ++r) {
        CHECK(std::memcmp(results[0].w.data(), results[r].w.data(), n * sizeof(float)) == 0);
        CHECK(std::memcmp(results[0].m.data(), results[r].m.data(), n * sizeof(float)) == 0);
        CHECK(std::memcmp(results[0].v.data(), results[r].v.data(), n * sizeof(float)) == 0);
      }
    }
  }
  gemm_force_isa(GemmIsa::Auto);
  set_num_threads(threads);
}
