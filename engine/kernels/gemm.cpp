// Fast GEMM. Placeholder: a cache-friendly i-p-j loop order until the packed kernel lands.
#include "engine/kernels/gemm.h"

#include <vector>

namespace nnfs {

void gemm(const GemmArgs& g) {
  for (std::size_t i = 0; i < g.m; ++i) {
    float* c = g.c + i * g.ldc;
    if (g.beta == 0.0f)
      for (std::size_t j = 0; j < g.n; ++j) c[j] = 0.0f;
    else if (g.beta != 1.0f)
      for (std::size_t j = 0; j < g.n; ++j) c[j] *= g.beta;
    for (std::size_t p = 0; p < g.k; ++p) {
      const float a = g.alpha * (g.trans_a == Trans::No ? g.a[i * g.lda + p] : g.a[p * g.lda + i]);
      if (g.trans_b == Trans::No) {
        const float* b = g.b + p * g.ldb;
        for (std::size_t j = 0; j < g.n; ++j) c[j] += a * b[j];
      } else {
        for (std::size_t j = 0; j < g.n; ++j) c[j] += a * g.b[j * g.ldb + p];
      }
    }
  }
}

void matmul(const float* a, Trans ta, const float* b, Trans tb, float* c, std::size_t m,
            std::size_t n, std::size_t k, bool accumulate) {
  GemmArgs g;
  g.trans_a = ta;
  g.trans_b = tb;
  g.m = m;
  g.n = n;
  g.k = k;
  g.a = a;
  g.lda = ta == Trans::No ? k : m;
  g.b = b;
  g.ldb = tb == Trans::No ? n : k;
  g.c = c;
  g.ldc = n;
  g.beta = accumulate ? 1.0f : 0.0f;
  gemm(g);
}

}  // namespace nnfs
