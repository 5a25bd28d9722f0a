#include <catch2/catch.hpp>

#include <vector>

#include "engine/core/rng.h"
#include "engine/kernels/dot_rows.h"
#include "support/fixtures.h"

using namespace nnfs;
using nnfs::test::random_values;

TEST_CASE("dot_rows: A·Bᵀ equals the double-precision reference on awkward shapes", "[kernels][conv]") {
  // n crosses the 4-row blocks (1, 3, 4, 5, 9, 13); k the 16-lane blocks (1, 7, 15, 16, 17, 65, 129).
  for (const std::size_t m : {1u, 7u, 13u})
    for (const std::size_t n : {1u, 3u, 4u, 5u, 9u, 13u})
      for (const std::size_t k : {1u, 7u, 15u, 16u, 17u, 65u, 129u})
        for (const bool accumulate : {false, true}) {
          const std::vector<float> a = random_values(m * k, m + k), b = random_values(n * k, n * k + 1);
          const std::vector<float> start = random_values(m * n, 3);
          std::vector<float> got = start, expected = start;
          dot_rows(a.data(), b.data(), m, n, k, accumulate, got.data());
          dot_rows_reference(a.data(), b.data(), m, n, k, accumulate, expected.data());
          INFO("m " << m << " n " << n << " k " << k << " accumulate " << accumulate);
          for (std::size_t i = 0; i < m * n; ++i) REQUIRE(got[i] == Approx(expected[i]).margin(1e-5));
        }
}

TEST_CASE("dot_rows: each output depends only on its own rows (a split of M changes nothing)", "[kernels][conv]") {
  const std::size_t m = 6, n = 9, k = 100;
  const std::vector<float> a = random_values(m * k, 1), b = random_values(n * k, 2);
  std::vector<float> whole(m * n), parts(m * n);
  dot_rows(a.data(), b.data(), m, n, k, false, whole.data());
  for (std::size_t i = 0; i < m; ++i) dot_rows(a.data() + i * k, b.data(), 1, n, k, false, parts.data() + i * n);
  CHECK(whole == parts);
}

TEST_CASE("lane_sum: the sum of a row, for lengths around the lane count", "[kernels]") {
  for (const std::size_t n : {0u, 1u, 15u, 16u, 17u, 33u, 784u}) {
    const std::vector<float> row = random_values(n, n);
    double expected = 0.0;
    for (const float v : row) expected += v;
    CHECK(lane_sum(row.data(), n) == Approx(expected).margin(1e-4));
  }
}
