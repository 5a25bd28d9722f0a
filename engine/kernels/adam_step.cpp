#include "engine/kernels/adam_step.h"

#include <cmath>

#include <immintrin.h>

#include "engine/core/parallel.h"
#include "engine/kernels/gemm.h"

namespace nnfs {

namespace {

constexpr std::size_t kParallelMin = 32 * 1024;  // smaller arenas: one thread

// The reference order of operations; the vector paths below mirror it exactly (no multiply-add
// fused into an FMA: this file is built with -ffp-contract=off), so every path gives the same
// bits.
void adam_scalar(float* w, const float* g, float* m, float* v, std::size_t n, const AdamCoefficients& k) {
  const float one_b1 = 1.0f - k.beta1, one_b2 = 1.0f - k.beta2;
  for (std::size_t i = 0; i < n; ++i) {
    const float mi = k.beta1 * m[i] + one_b1 * g[i];
    const float vi = k.beta2 * v[i] + one_b2 * g[i] * g[i];
    m[i] = mi;
    v[i] = vi;
    const float step = k.lr * (mi * k.r1) / (std::sqrt(vi * k.r2) + k.eps);
    w[i] = w[i] - (step + k.decay * w[i]);
  }
}

#if defined(__x86_64__)
// GCC 12's _mm512_sqrt_ps passes _mm512_undefined_ps() as its unused merge source, which
// -Wmaybe-uninitialized reports at every use.
#if !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#define NNFS_ADAM_VECTOR(NAME, TARGET, VEC, WIDTH, SET1, LOAD, STORE, ADD, SUB, MUL, DIV, SQRT)  \
  __attribute__((target(TARGET))) std::size_t NAME(float* w, const float* g, float* m, float* v, \
                                                   std::size_t n, const AdamCoefficients& k) {  \
    const VEC b1 = SET1(k.beta1), b2 = SET1(k.beta2), one_b1 = SET1(1.0f - k.beta1);           \
    const VEC one_b2 = SET1(1.0f - k.beta2), lr = SET1(k.lr), r1 = SET1(k.r1), r2 = SET1(k.r2); \
    const VEC eps = SET1(k.eps), decay = SET1(k.decay);                                        \
    std::size_t i = 0;                                                                         \
    for (; i + WIDTH <= n; i += WIDTH) {                                                       \
      const VEC gi = LOAD(g + i), wi = LOAD(w + i);                                            \
      const VEC mi = ADD(MUL(b1, LOAD(m + i)), MUL(one_b1, gi));                               \
      const VEC vi = ADD(MUL(b2, LOAD(v + i)), MUL(MUL(one_b2, gi), gi));                      \
      STORE(m + i, mi);                                                                        \
      STORE(v + i, vi);                                                                        \
      const VEC step = DIV(MUL(lr, MUL(mi, r1)), ADD(SQRT(MUL(vi, r2)), eps));                 \
      STORE(w + i, SUB(wi, ADD(step, MUL(decay, wi))));                                        \
    }                                                                                          \
    return i;                                                                                  \
  }
NNFS_ADAM_VECTOR(adam_avx512, "avx512f", __m512, 16, _mm512_set1_ps, _mm512_loadu_ps, _mm512_storeu_ps,
                 _mm512_add_ps, _mm512_sub_ps, _mm512_mul_ps, _mm512_div_ps, _mm512_sqrt_ps)
NNFS_ADAM_VECTOR(adam_avx2, "avx2", __m256, 8, _mm256_set1_ps, _mm256_loadu_ps, _mm256_storeu_ps,
                 _mm256_add_ps, _mm256_sub_ps, _mm256_mul_ps, _mm256_div_ps, _mm256_sqrt_ps)
#undef NNFS_ADAM_VECTOR
#if !defined(__clang__)
#pragma GCC diagnostic pop
#endif
#endif

void adam_range(float* w, const float* g, float* m, float* v, std::size_t n, const AdamCoefficients& k) {
  std::size_t done = 0;
#if defined(__x86_64__)
  const GemmIsa isa = gemm_active_isa();  // the engine's choice of path (NNFS_ISA in tests)
  if (isa == GemmIsa::Avx512) done = adam_avx512(w, g, m, v, n, k);
  else if (isa == GemmIsa::Avx2) done = adam_avx2(w, g, m, v, n, k);
#endif
  adam_scalar(w + done, g + done, m + done, v + done, n - done, k);
}

}  // namespace

void adam_step(float* w, const float* g, float* m, float* v, std::size_t n, const AdamCoefficients& k) {
  parallel_ranges(n, kParallelMin, [&](std::size_t begin, std::size_t end) {
    adam_range(w + begin, g + begin, m + begin, v + begin, end - begin, k);
  });
}

}  // namespace nnfs
