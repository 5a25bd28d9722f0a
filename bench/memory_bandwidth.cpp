// Streams over per-thread buffers with vector loads or stores, four independent vectors per
// step so neither the adds nor the store port limit it; every trial starts all threads together
// and counts the slowest (together.h).
#include "bench/memory_bandwidth.h"

#include "bench/together.h"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <vector>

#include <immintrin.h>

namespace nnfs_bench {

namespace {

constexpr int kTrials = 5;
constexpr double kBytesPerTrial = 1.5e9;  // ~0.1 s at the speeds of main memory

#define NNFS_STREAMS(READ, WRITE, TARGET, VEC, LANES, ZERO, SET1, LOAD, STORE, ADD)                   \
  __attribute__((target(TARGET))) float READ(const float* p, std::size_t n, int reps) {           \
    VEC a = ZERO(), b = ZERO(), c = ZERO(), d = ZERO();                                           \
    for (int r = 0; r < reps; ++r)                                                                \
      for (std::size_t i = 0; i < n; i += 4 * (LANES)) {                                          \
        a = ADD(a, LOAD(p + i));                                                                  \
        b = ADD(b, LOAD(p + i + (LANES)));                                                        \
        c = ADD(c, LOAD(p + i + 2 * (LANES)));                                                    \
        d = ADD(d, LOAD(p + i + 3 * (LANES)));                                                    \
      }                                                                                           \
    const VEC total = ADD(ADD(a, b), ADD(c, d));                                                  \
    float lanes[LANES];                                                                           \
    std::memcpy(lanes, &total, sizeof total);                                                     \
    return lanes[0];                                                                              \
  }                                                                                               \
  __attribute__((target(TARGET))) void WRITE(float* p, std::size_t n, int reps) {                 \
    for (int r = 0; r < reps; ++r) {                                                              \
      const VEC v = SET1(static_cast<float>(r));                                                  \
      for (std::size_t i = 0; i < n; i += 4 * (LANES)) {                                          \
        STORE(p + i, v);                                                                          \
        STORE(p + i + (LANES), v);                                                                \
        STORE(p + i + 2 * (LANES), v);                                                            \
        STORE(p + i + 3 * (LANES), v);                                                            \
      }                                                                                           \
    }                                                                                             \
  }

NNFS_STREAMS(read_avx512, write_avx512, "avx512f", __m512, 16, _mm512_setzero_ps, _mm512_set1_ps, _mm512_load_ps,
             _mm512_store_ps, _mm512_add_ps)
NNFS_STREAMS(read_avx2, write_avx2, "avx2", __m256, 8, _mm256_setzero_ps, _mm256_set1_ps, _mm256_load_ps,
             _mm256_store_ps, _mm256_add_ps)
#undef NNFS_STREAMS

std::atomic<float> g_sink{0.0f};  // keeps the sums alive

struct FreeDeleter {
  void operator()(float* p) const { std::free(p); }
};

}  // namespace

Bandwidth measure_bandwidth(nnfs::GemmIsa isa, int threads, std::size_t bytes) {
  if (isa != nnfs::GemmIsa::Avx512 && isa != nnfs::GemmIsa::Avx2) return {};
  const bool wide = isa == nnfs::GemmIsa::Avx512;
  // Each thread's share, in whole cache lines (64 floats per step of four 512-bit vectors).
  const std::size_t n = std::max<std::size_t>(64, bytes / sizeof(float) / static_cast<std::size_t>(threads) / 64 * 64);
  std::vector<std::unique_ptr<float, FreeDeleter>> buffers;
  for (int t = 0; t < threads; ++t) {
    buffers.emplace_back(static_cast<float*>(std::aligned_alloc(64, n * sizeof(float))));
    std::fill(buffers.back().get(), buffers.back().get() + n, 1.0f);  // pages mapped before timing
  }
  const double streamed = static_cast<double>(n * sizeof(float)) * threads;
  const int reps = std::max(1, static_cast<int>(kBytesPerTrial / streamed));
  auto best_gbs = [&](bool write) {
    double best = 0.0;
    for (int trial = 0; trial < kTrials; ++trial) {
      const double slowest = slowest_of_together(threads, [&](int t) {
        float* p = buffers[static_cast<std::size_t>(t)].get();
        if (write && wide) write_avx512(p, n, reps);
        else if (write) write_avx2(p, n, reps);
        else g_sink.store(wide ? read_avx512(p, n, reps) : read_avx2(p, n, reps), std::memory_order_relaxed);
      });
      best = std::max(best, streamed * reps / slowest * 1e-9);
    }
    return best;
  };
  Bandwidth bw;
  bw.read_gbs = best_gbs(false);
  bw.write_gbs = best_gbs(true);
  return bw;
}

}  // namespace nnfs_bench
