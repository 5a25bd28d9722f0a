// Peak = 2 flops x lanes x FMAs retired per second. Each thread keeps kChains accumulators in
// registers and updates them with acc = acc·a + b: the chains are independent, so with more of
// them than FMA latency x FMA pipes (Zen 4: 4 cycles x 2 pipes) the FMA units never wait.
#include "bench/fma_peak.h"

#include "bench/together.h"

#include <algorithm>
#include <atomic>
#include <cstring>

#include <immintrin.h>

namespace nnfs_bench {

namespace {

constexpr int kChains = 12;
constexpr long kIterations = 4'000'000;  // x 12 FMAs: ~0.1 s per trial at ~3.5 GHz
constexpr int kTrials = 7;

// Returns a value depending on every accumulator, so the compiler must compute them all.
#define NNFS_FMA_CHAINS(NAME, TARGET, VEC, SET1, FMADD, ADD)                                     \
  __attribute__((target(TARGET))) float NAME(long iterations) {                                  \
    VEC acc[kChains];                                                                            \
    for (int c = 0; c < kChains; ++c) acc[c] = SET1(0.001f * static_cast<float>(c));             \
    const VEC a = SET1(0.9999f), b = SET1(1e-4f);                                                \
    for (long i = 0; i < iterations; ++i) {                                                      \
      _Pragma("GCC unroll 12") for (int c = 0; c < kChains; ++c) acc[c] = FMADD(acc[c], a, b);   \
    }                                                                                            \
    VEC total = acc[0];                                                                          \
    for (int c = 1; c < kChains; ++c) total = ADD(total, acc[c]);                                \
    float lanes[sizeof(VEC) / sizeof(float)];                                                    \
    std::memcpy(lanes, &total, sizeof total);                                                    \
    float sum = 0.0f;                                                                            \
    for (float x : lanes) sum += x;                                                              \
    return sum;                                                                                  \
  }

NNFS_FMA_CHAINS(chains_avx512, "avx512f", __m512, _mm512_set1_ps, _mm512_fmadd_ps, _mm512_add_ps)
NNFS_FMA_CHAINS(chains_avx2, "avx2,fma", __m256, _mm256_set1_ps, _mm256_fmadd_ps, _mm256_add_ps)
#undef NNFS_FMA_CHAINS

std::atomic<float> g_sink{0.0f};  // keeps the results alive

}  // namespace

double measure_fma_peak(nnfs::GemmIsa isa, int threads) {
  if (isa != nnfs::GemmIsa::Avx512 && isa != nnfs::GemmIsa::Avx2) return 0.0;
  const int lanes = isa == nnfs::GemmIsa::Avx512 ? 16 : 8;
  const double flops_per_thread = 2.0 * lanes * kChains * static_cast<double>(kIterations);
  double best = 0.0;
  for (int trial = 0; trial < kTrials; ++trial) {
    const double slowest = slowest_of_together(threads, [&](int) {
      g_sink.store(isa == nnfs::GemmIsa::Avx512 ? chains_avx512(kIterations) : chains_avx2(kIterations),
                   std::memory_order_relaxed);
    });
    best = std::max(best, threads * flops_per_thread / slowest * 1e-9);
  }
  return best;
}

}  // namespace nnfs_bench
