// The 2x2 max-pool loops (engine/kernels/max_pool.h), on every ISA path this machine has, against
// a plain reference, bit for bit, on widths around the vector lengths (16 windows per AVX-512
// group), odd planes, ties, NaNs, signed zeros and negative gradients.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "engine/kernels/gemm.h"
#include "engine/kernels/max_pool.h"
#include "support/fixtures.h"

using namespace nnfs;
using nnfs::test::random_values;

namespace {

struct Plane {
  std::size_t h, w, ho, wo;
};

// Values from a few levels, so that windows often hold ties; some NaNs and signed zeros.
std::vector<float> pool_input(std::size_t n, unsigned seed) {
  std::vector<float> x = random_values(n, seed);
  for (std::size_t i = 0; i < n; ++i) {
    x[i] = std::round(x[i] * 3.0f) / 3.0f;
    if (i % 23 == 5) x[i] = std::numeric_limits<float>::quiet_NaN();
    if (i % 31 == 7) x[i] = -0.0f;
  }
  return x;
}

// The window's pixels in row order: (0,0), (0,1), (1,0), (1,1).
void window(const float* x, std::size_t w, std::size_t oy, std::size_t ox, float (&p)[4]) {
  const float* r0 = x + 2 * oy * w + 2 * ox;
  p[0] = r0[0];
  p[1] = r0[1];
  p[2] = r0[w];
  p[3] = r0[w + 1];
}

bool same_bits(float a, float b) { return std::memcmp(&a, &b, sizeof a) == 0; }

}  // namespace

TEST_CASE("max_pool: the 2x2 loops equal the reference bit for bit", "[kernels][pool]") {
  const GemmIsa isa = GENERATE(GemmIsa::Scalar, GemmIsa::Avx2, GemmIsa::Avx512);
  if (!gemm_isa_available(isa)) return;  // this CPU lacks it: nothing of that path runs here
  gemm_force_isa(isa);
  INFO("path " << gemm_isa_name(isa));
  std::vector<Plane> planes;
  for (std::size_t w : {2, 3, 4, 7, 14, 15, 16, 17, 28, 31, 32, 33, 34, 47, 64, 66})
    for (std::size_t h : {2, 5, 14}) planes.push_back({h, w, h / 2, w / 2});
  planes.push_back({6, 20, 2, 7});  // fewer windows than the plane holds
  for (const Plane& p : planes) {
    INFO("plane " << p.h << "x" << p.w << " -> " << p.ho << "x" << p.wo);
    const std::vector<float> x = pool_input(p.h * p.w, static_cast<unsigned>(p.h * 100 + p.w));
    std::vector<float> dy = random_values(p.ho * p.wo, static_cast<unsigned>(p.w));
    for (std::size_t i = 0; i < dy.size(); i += 3) dy[i] = -std::abs(dy[i]);  // g·0 = -0 here

    std::vector<float> y(p.ho * p.wo, 99.0f);
    max_pool_2x2(x.data(), p.w, p.ho, p.wo, y.data());
    const float sentinel = 12345.0f;
    std::vector<float> dx(p.h * p.w, sentinel);
    max_pool_2x2_backward(x.data(), y.data(), dy.data(), p.w, p.ho, p.wo, dx.data());

    std::vector<float> want_dx(p.h * p.w, sentinel);
    bool all_same = true;
    for (std::size_t oy = 0; oy < p.ho; ++oy)
      for (std::size_t ox = 0; ox < p.wo; ++ox) {
        float v[4];
        window(x.data(), p.w, oy, ox, v);
        const float m = std::max(std::max(v[0], v[1]), std::max(v[2], v[3]));
        all_same = all_same && same_bits(y[oy * p.wo + ox], m);
        int winner = 0;  // the first equal to the max; none (NaN): the first
        while (winner < 4 && !(v[winner] == m)) ++winner;
        if (winner == 4) winner = 0;
        const float g = dy[oy * p.wo + ox];
        for (int q = 0; q < 4; ++q)
          want_dx[(2 * oy + q / 2) * p.w + 2 * ox + q % 2] = g * (q == winner ? 1.0f : 0.0f);
      }
    CHECK(all_same);
    bool dx_same = true;
    for (std::size_t i = 0; i < dx.size(); ++i) dx_same = dx_same && same_bits(dx[i], want_dx[i]);
    CHECK(dx_same);  // uncovered pixels keep the sentinel in both
  }
  gemm_force_isa(GemmIsa::Auto);
}
