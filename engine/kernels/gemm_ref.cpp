// The naive GEMM: the oracle the fast kernel is tested against. Never optimise this file.
#include "engine/kernels/gemm.h"

namespace nnfs {

void gemm_ref(const GemmArgs& g) {
  for (std::size_t i = 0; i < g.m; ++i) {
    for (std::size_t j = 0; j < g.n; ++j) {
      double sum = 0.0;  // double: the oracle should be more exact than what it checks
      for (std::size_t p = 0; p < g.k; ++p) {
        const float a = g.trans_a == Trans::No ? g.a[i * g.lda + p] : g.a[p * g.lda + i];
        const float b = g.trans_b == Trans::No ? g.b[p * g.ldb + j] : g.b[j * g.ldb + p];
        sum += static_cast<double>(a) * b;
      }
      float& c = g.c[i * g.ldc + j];
      const double prior = g.beta == 0.0f ? 0.0 : static_cast<double>(g.beta) * c;
      c = static_cast<float>(g.alpha * sum + prior);
    }
  }
}

}  // namespace nnfs
