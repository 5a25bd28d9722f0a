#include "engine/kernels/dot_rows.h"

#include <algorithm>
#include <cstring>

#include "engine/kernels/vector_clones.h"

namespace nnfs {

namespace {

constexpr std::size_t kLanes = 16;
using Lanes16 = float __attribute__((vector_size(64)));  // 16 partial sums (GCC vector extension)

}  // namespace

// Four rows of b at a time: four independent sums that share every load of a's row.
NNFS_VECTOR_CLONES
void dot_rows(const float* a, const float* b, std::size_t m, std::size_t n, std::size_t k, bool accumulate,
              float* c) {
  constexpr std::size_t kBlock = 4;
  for (std::size_t i = 0; i < m; ++i) {
    const float* ai = a + i * k;
    for (std::size_t j0 = 0; j0 < n; j0 += kBlock) {
      const std::size_t count = std::min(kBlock, n - j0);
      const float* bj[kBlock];  // a short last block repeats its last row (computed, not stored)
      for (std::size_t j = 0; j < kBlock; ++j) bj[j] = b + (j0 + std::min(j, count - 1)) * k;
      Lanes16 lanes[kBlock] = {};
      std::size_t p = 0;
      for (; p + kLanes <= k; p += kLanes) {
        Lanes16 av, bv;
        std::memcpy(&av, ai + p, sizeof av);  // unaligned loads
        for (std::size_t j = 0; j < kBlock; ++j) {
          std::memcpy(&bv, bj[j] + p, sizeof bv);
          lanes[j] += av * bv;
        }
      }
      for (std::size_t j = 0; j < count; ++j) {
        float sum = 0.0f;
        for (std::size_t r = p; r < k; ++r) sum += ai[r] * bj[j][r];
        for (std::size_t l = 0; l < kLanes; ++l) sum += lanes[j][l];
        float& out = c[i * n + j0 + j];
        out = accumulate ? out + sum : sum;
      }
    }
  }
}

// Adds only (no multiply to fuse), so every clone gives the same bits.
NNFS_VECTOR_CLONES
float lane_sum(const float* row, std::size_t n) {
  float lanes[kLanes] = {};
  std::size_t i = 0;
  for (; i + kLanes <= n; i += kLanes)
    for (std::size_t l = 0; l < kLanes; ++l) lanes[l] += row[i + l];
  float sum = 0.0f;
  for (; i < n; ++i) sum += row[i];
  for (const float lane : lanes) sum += lane;
  return sum;
}

void dot_rows_reference(const float* a, const float* b, std::size_t m, std::size_t n, std::size_t k,
                        bool accumulate, float* c) {
  for (std::size_t i = 0; i < m; ++i)
    for (std::size_t j = 0; j < n; ++j) {
      double sum = accumulate ? c[i * n + j] : 0.0;
      for (std::size_t p = 0; p < k; ++p) sum += static_cast<double>(a[i * k + p]) * b[j * k + p];
      c[i * n + j] = static_cast<float>(sum);
    }
}

}  // namespace nnfs
