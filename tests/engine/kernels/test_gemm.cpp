// gemm() against the gemm_ref() oracle on awkward shapes, every transpose combination, padded
// leading dimensions, alpha/beta variants, every ISA path this CPU has, and thread counts.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "engine/core/error.h"
#include "engine/core/parallel.h"
#include "engine/core/rng.h"
#include "engine/kernels/gemm.h"

namespace {

using nnfs::GemmArgs;
using nnfs::GemmEpilogue;
using nnfs::GemmIsa;
using nnfs::Trans;

constexpr float kGuard = -12345.0f;  // fills padding that gemm must not touch

std::vector<GemmIsa> available_isas() {
  std::vector<GemmIsa> isas;
  for (GemmIsa isa : {GemmIsa::Scalar, GemmIsa::Avx2, GemmIsa::Avx512})
    if (nnfs::gemm_isa_available(isa)) isas.push_back(isa);
  return isas;
}

// Restores the default ISA and thread count when a test ends.
struct Restore {
  int threads = nnfs::num_threads();
  ~Restore() {
    nnfs::gemm_force_isa(GemmIsa::Auto);
    nnfs::set_num_threads(threads);
  }
};

// One test problem with its own storage: op(A)[m,k], op(B)[k,n], C[m,n] with row strides that
// exceed the row lengths by the given pads.
struct Problem {
  std::size_t m, n, k;
  Trans ta, tb;
  std::size_t lda, ldb, ldc;
  std::vector<float> a, b, c0;

  Problem(std::size_t m_, std::size_t n_, std::size_t k_, Trans ta_, Trans tb_, std::size_t pad,
          std::uint64_t seed)
      : m(m_), n(n_), k(k_), ta(ta_), tb(tb_) {
    const std::size_t a_rows = ta == Trans::No ? m : k, a_cols = ta == Trans::No ? k : m;
    const std::size_t b_rows = tb == Trans::No ? k : n, b_cols = tb == Trans::No ? n : k;
    lda = a_cols + pad;
    ldb = b_cols + 2 * pad;
    ldc = n + 3 * pad;
    nnfs::Rng rng(seed);
    a.assign(a_rows * lda, kGuard);
    b.assign(b_rows * ldb, kGuard);
    c0.assign(m * ldc, kGuard);
    for (std::size_t r = 0; r < a_rows; ++r)
      for (std::size_t c = 0; c < a_cols; ++c) a[r * lda + c] = rng.uniform(-1.0f, 1.0f);
    for (std::size_t r = 0; r < b_rows; ++r)
      for (std::size_t c = 0; c < b_cols; ++c) b[r * ldb + c] = rng.uniform(-1.0f, 1.0f);
    for (std::size_t r = 0; r < m; ++r)
      for (std::size_t c = 0; c < n; ++c) c0[r * ldc + c] = rng.uniform(-1.0f, 1.0f);
  }

  GemmArgs args(float* c, float alpha, float beta) const {
    GemmArgs g;
    g.trans_a = ta;
    g.trans_b = tb;
    g.m = m;
    g.n = n;
    g.k = k;
    g.alpha = alpha;
    g.a = a.data();
    g.lda = lda;
    g.b = b.data();
    g.ldb = ldb;
    g.beta = beta;
    g.c = c;
    g.ldc = ldc;
    return g;
  }

  // Bound on |gemm - exact| per element: K·u·Σ|a·b| scaled by alpha, plus the beta term.
  std::vector<double> tolerance(float alpha, float beta) const {
    std::vector<float> abs_a(a), abs_b(b), sum(m * ldc, 0.0f);
    for (float& x : abs_a) x = std::fabs(x);
    for (float& x : abs_b) x = std::fabs(x);
    GemmArgs g = args(sum.data(), 1.0f, 0.0f);
    g.a = abs_a.data();
    g.b = abs_b.data();
    nnfs::gemm_ref(g);
    std::vector<double> tol(m * ldc, 0.0);
    const double u = std::ldexp(1.0, -24);
    for (std::size_t i = 0; i < m; ++i)
      for (std::size_t j = 0; j < n; ++j) {
        const std::size_t at = i * ldc + j;
        const double beta_term = beta == 0.0f ? 0.0 : std::fabs(double(beta) * c0[at]);
        tol[at] = 2.0 * double(k + 2) * u * (std::fabs(double(alpha)) * sum[at] + beta_term) +
                  1e-30;
      }
    return tol;
  }
};

// Runs gemm (beta == 0: C starts as NaN garbage) and checks every element against the oracle
// and every padding float against the guard value.
void check_against_ref(const Problem& p, float alpha, float beta, const std::string& what) {
  std::vector<float> expect(p.c0), got(p.c0);
  if (beta == 0.0f)
    for (std::size_t i = 0; i < p.m; ++i)
      for (std::size_t j = 0; j < p.n; ++j)
        got[i * p.ldc + j] = std::numeric_limits<float>::quiet_NaN();
  nnfs::gemm_ref(p.args(expect.data(), alpha, beta));
  nnfs::gemm(p.args(got.data(), alpha, beta));
  const std::vector<double> tol = p.tolerance(alpha, beta);
  std::size_t bad = 0;
  std::string first;
  for (std::size_t i = 0; i < p.m; ++i)
    for (std::size_t j = 0; j < p.ldc; ++j) {
      const std::size_t at = i * p.ldc + j;
      const bool ok = j < p.n ? std::fabs(double(got[at]) - expect[at]) <= tol[at]
                              : got[at] == kGuard;
      if (!ok && bad++ == 0)
        first = "C[" + std::to_string(i) + "," + std::to_string(j) + "] = " +
                std::to_string(got[at]) + ", expected " + std::to_string(expect[at]);
    }
  INFO(what << " alpha=" << alpha << " beta=" << beta << ": " << bad << " bad, first " << first);
  CHECK(bad == 0);
}

std::string describe(const Problem& p) {
  return std::string(nnfs::gemm_isa_name(nnfs::gemm_active_isa())) + " " +
         (p.ta == Trans::No ? "N" : "T") + (p.tb == Trans::No ? "N" : "T") + " m=" +
         std::to_string(p.m) + " n=" + std::to_string(p.n) + " k=" + std::to_string(p.k) +
         " threads=" + std::to_string(nnfs::num_threads());
}

const Trans kTrans[] = {Trans::No, Trans::Yes};

}  // namespace

TEST_CASE("gemm matches the oracle on small awkward shapes, every ISA and transpose", "[gemm]") {
  Restore restore;
  nnfs::set_num_threads(2);
  const std::size_t dims[] = {1, 2, 7, 13, 65, 129};
  for (GemmIsa isa : available_isas()) {
    nnfs::gemm_force_isa(isa);
    std::uint64_t seed = 1;
    for (std::size_t m : dims)
      for (std::size_t n : dims)
        for (std::size_t k : dims)
          for (Trans ta : kTrans)
            for (Trans tb : kTrans) {
              const Problem p(m, n, k, ta, tb, (m + n + k) % 3 == 0 ? 0 : 3, seed++);
              check_against_ref(p, 1.0f, 0.0f, describe(p));
            }
  }
}

TEST_CASE("gemm matches the oracle when a dimension is 784", "[gemm]") {
  Restore restore;
  nnfs::set_num_threads(2);
  const std::size_t others[] = {1, 7, 65, 129};
  for (GemmIsa isa : available_isas()) {
    nnfs::gemm_force_isa(isa);
    std::uint64_t seed = 100;
    for (std::size_t x : others)
      for (std::size_t y : {std::size_t{2}, std::size_t{13}, std::size_t{128}})
        for (Trans ta : kTrans)
          for (Trans tb : kTrans) {
            for (const Problem& p : {Problem(784, x, y, ta, tb, 1, seed), Problem(x, 784, y, ta, tb, 0, seed + 1),
                                     Problem(x, y, 784, ta, tb, 5, seed + 2)})
              check_against_ref(p, 1.0f, 0.0f, describe(p));
            seed += 3;
          }
  }
}

TEST_CASE("gemm matches the oracle on the MLP's training shapes", "[gemm]") {
  Restore restore;
  struct S { std::size_t m, n, k; Trans ta, tb; };
  const S shapes[] = {{128, 128, 784, Trans::No, Trans::No}, {784, 128, 128, Trans::Yes, Trans::No},
                      {128, 784, 128, Trans::No, Trans::Yes}, {128, 10, 128, Trans::No, Trans::No},
                      {128, 10, 128, Trans::Yes, Trans::No}, {128, 128, 10, Trans::No, Trans::Yes},
                      {32, 128, 784, Trans::No, Trans::No},   {784, 128, 32, Trans::Yes, Trans::No},
                      {32, 784, 128, Trans::No, Trans::Yes},  {32, 10, 128, Trans::No, Trans::No},
                      {128, 10, 32, Trans::Yes, Trans::No},   {32, 128, 10, Trans::No, Trans::Yes}};
  for (GemmIsa isa : available_isas()) {
    nnfs::gemm_force_isa(isa);
    for (int threads : {1, 2}) {
      nnfs::set_num_threads(threads);
      std::uint64_t seed = 500;
      for (const S& s : shapes) {
        const Problem p(s.m, s.n, s.k, s.ta, s.tb, 0, seed++);
        check_against_ref(p, 1.0f, 0.0f, describe(p));
        check_against_ref(p, 1.0f, 1.0f, describe(p));
      }
    }
  }
}

TEST_CASE("gemm alpha and beta variants, NaN garbage ignored when beta is 0", "[gemm]") {
  Restore restore;
  const float alphas[] = {1.0f, -1.5f, 0.5f, 0.0f};
  const float betas[] = {0.0f, 1.0f, -2.0f, 0.25f};
  for (GemmIsa isa : available_isas()) {
    nnfs::gemm_force_isa(isa);
    std::uint64_t seed = 900;
    for (Trans ta : kTrans)
      for (Trans tb : kTrans)
        for (const Problem& p : {Problem(13, 65, 129, ta, tb, 2, seed), Problem(129, 10, 400, ta, tb, 1, seed + 1),
                                 Problem(200, 70, 800, ta, tb, 0, seed + 2)}) {
          for (float alpha : alphas)
            for (float beta : betas) check_against_ref(p, alpha, beta, describe(p));
          seed += 3;
        }
  }
}

TEST_CASE("gemm results, with and without the bias + relu epilogue, are bit-identical for 1, 2 and 3 threads",
          "[gemm][concurrency]") {
  Restore restore;
  struct S { std::size_t m, n, k; };
  const S shapes[] = {{128, 128, 784}, {784, 128, 128}, {128, 784, 128}, {129, 10, 785},
                      {300, 257, 65},  {7, 700, 500},   {1000, 3, 900},  {65, 129, 1000}};
  for (GemmIsa isa : available_isas()) {
    nnfs::gemm_force_isa(isa);
    std::uint64_t seed = 1300;
    for (const S& s : shapes)
      for (Trans ta : kTrans)
        for (Trans tb : kTrans)
          for (bool epilogue : {false, true}) {
            const Problem p(s.m, s.n, s.k, ta, tb, 1, seed++);
            std::vector<float> bias(s.n);
            nnfs::Rng rng(seed);
            for (float& x : bias) x = rng.uniform(-1.0f, 1.0f);
            GemmEpilogue ep;
            if (epilogue) ep.bias = bias.data(), ep.relu = true;
            std::vector<std::vector<float>> results;
            for (int threads : {1, 2, 3}) {
              nnfs::set_num_threads(threads);
              std::vector<float> c(p.c0);
              nnfs::gemm_fused(p.args(c.data(), 0.75f, 0.5f), ep);
              results.push_back(c);
            }
            INFO(describe(p) << " epilogue=" << epilogue);
            CHECK(std::memcmp(results[0].data(), results[1].data(), results[0].size() * sizeof(float)) == 0);
            CHECK(std::memcmp(results[0].data(), results[2].data(), results[0].size() * sizeof(float)) == 0);
          }
  }
}

TEST_CASE("gemm_fused adds a bias and applies relu in the epilogue", "[gemm]") {
  Restore restore;
  for (GemmIsa isa : available_isas()) {
    nnfs::gemm_force_isa(isa);
    std::uint64_t seed = 2000;
    for (const Problem& p : {Problem(128, 128, 784, Trans::No, Trans::No, 0, seed),
                             Problem(128, 10, 128, Trans::No, Trans::No, 0, seed + 1),
                             Problem(37, 75, 400, Trans::Yes, Trans::Yes, 3, seed + 2),
                             Problem(100, 13, 900, Trans::No, Trans::Yes, 1, seed + 3)})
      for (bool per_row : {false, true})
        for (bool relu : {false, true})
          for (float beta : {0.0f, 1.0f}) {
            nnfs::Rng rng(seed + 7);
            std::vector<float> bias(per_row ? p.m : p.n);
            for (float& x : bias) x = rng.uniform(-2.0f, 2.0f);
            std::vector<float> expect(p.c0), got(p.c0);
            nnfs::gemm_ref(p.args(expect.data(), 1.0f, beta));
            GemmEpilogue ep;
            ep.bias = bias.data();
            ep.bias_per_row = per_row;
            ep.relu = relu;
            nnfs::gemm_fused(p.args(got.data(), 1.0f, beta), ep);
            const std::vector<double> tol = p.tolerance(1.0f, beta);
            std::size_t bad = 0;
            for (std::size_t i = 0; i < p.m; ++i)
              for (std::size_t j = 0; j < p.ldc; ++j) {
                const std::size_t at = i * p.ldc + j;
                if (j >= p.n) {
                  bad += got[at] != kGuard;
                  continue;
                }
                double want = double(expect[at]) + bias[per_row ? i : j];
                if (relu && want < 0) want = 0;
                bad += !(std::fabs(got[at] - want) <= tol[at] + 4e-7 * std::fabs(want));
              }
            INFO(describe(p) << " per_row=" << per_row << " relu=" << relu << " beta=" << beta);
            CHECK(bad == 0);
          }
  }
}

TEST_CASE("gemm_fused relu keeps NaN and the zero-k case still applies the epilogue", "[gemm]") {
  Restore restore;
  for (GemmIsa isa : available_isas()) {
    nnfs::gemm_force_isa(isa);
    std::vector<float> a = {std::numeric_limits<float>::quiet_NaN(), 1.0f}, b = {1.0f, 1.0f};
    std::vector<float> c = {0.0f};
    GemmEpilogue ep;
    ep.relu = true;
    nnfs::gemm_fused(GemmArgs{Trans::No, Trans::No, 1, 1, 2, 1.0f, a.data(), 2, b.data(), 1, 0.0f, c.data(), 1}, ep);
    CHECK(std::isnan(c[0]));

    // k == 0: C = relu(beta·C + bias); with beta == 0 the old NaN is ignored.
    std::vector<float> c2 = {std::numeric_limits<float>::quiet_NaN(), 5.0f, 5.0f, 5.0f};
    const std::vector<float> bias = {-1.0f, 2.0f};
    ep.bias = bias.data();
    nnfs::gemm_fused(GemmArgs{Trans::No, Trans::No, 2, 2, 0, 1.0f, a.data(), 1, b.data(), 2, 0.0f, c2.data(), 2}, ep);
    CHECK(c2 == std::vector<float>{0.0f, 2.0f, 0.0f, 2.0f});
  }
}

TEST_CASE("matmul is gemm on contiguous operands, with accumulate", "[gemm]") {
  Restore restore;
  const Problem p(33, 47, 129, Trans::Yes, Trans::No, 0, 77);
  std::vector<float> expect(p.c0), got(p.c0);
  nnfs::gemm_ref(p.args(expect.data(), 1.0f, 1.0f));
  nnfs::matmul(p.a.data(), p.ta, p.b.data(), p.tb, got.data(), p.m, p.n, p.k, /*accumulate=*/true);
  const std::vector<double> tol = p.tolerance(1.0f, 1.0f);
  for (std::size_t i = 0; i < got.size(); ++i) REQUIRE(std::fabs(double(got[i]) - expect[i]) <= tol[i]);
}

TEST_CASE("gemm ISA can be forced and reports what it runs", "[gemm]") {
  Restore restore;
  CHECK(nnfs::gemm_isa_available(GemmIsa::Scalar));
  CHECK(nnfs::gemm_isa_available(GemmIsa::Auto));
  for (GemmIsa isa : available_isas()) {
    nnfs::gemm_force_isa(isa);
    CHECK(nnfs::gemm_active_isa() == isa);
  }
  nnfs::gemm_force_isa(GemmIsa::Auto);
  CHECK(nnfs::gemm_active_isa() != GemmIsa::Auto);
  for (GemmIsa isa : {GemmIsa::Avx2, GemmIsa::Avx512})
    if (!nnfs::gemm_isa_available(isa)) CHECK_THROWS_AS(nnfs::gemm_force_isa(isa), nnfs::Error);
  CHECK(std::string(nnfs::gemm_isa_name(GemmIsa::Avx512)) == "avx512");
}

TEST_CASE("gemm rejects leading dimensions shorter than a row", "[gemm]") {
  std::vector<float> a(16, 1.0f), b(16, 1.0f), c(16, 0.0f);
  GemmArgs g{Trans::No, Trans::No, 4, 4, 4, 1.0f, a.data(), 3, b.data(), 4, 0.0f, c.data(), 4};
  CHECK_THROWS_AS(nnfs::gemm(g), nnfs::Error);
  g.lda = 4;
  g.ldc = 2;
  CHECK_THROWS_AS(nnfs::gemm(g), nnfs::Error);
  g.ldc = 4;
  CHECK_NOTHROW(nnfs::gemm(g));
  CHECK(c[5] == 4.0f);
}
