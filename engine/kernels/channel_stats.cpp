#include "engine/kernels/channel_stats.h"

#include <cstring>

#include "engine/kernels/vector_clones.h"

namespace nnfs {

namespace {

constexpr std::size_t kLanes = 16;
using Lanes16 = float __attribute__((vector_size(64)));  // 16 partial sums (GCC vector extension)

// Unaligned 16-float load (a macro, not a function: a vector returned by value from a
// non-AVX-512 function would change the ABI between the clones).
#define NNFS_LOAD16(dst, src) std::memcpy(&(dst), (src), sizeof(Lanes16))

inline double lanes_total(float tail, const Lanes16& lanes) {
  double total = tail;
  for (std::size_t l = 0; l < kLanes; ++l) total += lanes[l];
  return total;
}

}  // namespace

NNFS_VECTOR_CLONES
double run_sum(const float* x, std::size_t n) {
  Lanes16 lanes = {};
  std::size_t i = 0;
  for (; i + kLanes <= n; i += kLanes) {
    Lanes16 v;
    NNFS_LOAD16(v, x + i);
    lanes += v;
  }
  float tail = 0.0f;
  for (; i < n; ++i) tail += x[i];
  return lanes_total(tail, lanes);
}

NNFS_VECTOR_CLONES
double run_squared_deviation(const float* x, std::size_t n, float mu) {
  Lanes16 lanes = {};
  std::size_t i = 0;
  for (; i + kLanes <= n; i += kLanes) {
    Lanes16 d;
    NNFS_LOAD16(d, x + i);
    d -= mu;
    lanes += d * d;
  }
  float tail = 0.0f;
  for (; i < n; ++i) tail += (x[i] - mu) * (x[i] - mu);
  return lanes_total(tail, lanes);
}

// The gate's test x·a + b > 0 is written exactly as run_affine's x·a + b, so that the compiler
// contracts both the same way (a fused multiply-add in the AVX2 and AVX-512 clones).
NNFS_VECTOR_CLONES
void run_gradient_sums(const float* dy, const float* x, std::size_t n, float mu, ReluGate relu, double& sum_dy,
                       double& sum_dy_centred) {
  Lanes16 g_lanes = {}, gx_lanes = {};
  const Lanes16 zero = {};
  std::size_t i = 0;
  for (; i + kLanes <= n; i += kLanes) {
    Lanes16 g, v;
    NNFS_LOAD16(g, dy + i);
    NNFS_LOAD16(v, x + i);
    if (relu.on) g = v * relu.a + relu.b > 0.0f ? g : zero;
    g_lanes += g;
    gx_lanes += g * (v - mu);
  }
  float g_tail = 0.0f, gx_tail = 0.0f;
  for (; i < n; ++i) {
    const float g = !relu.on || x[i] * relu.a + relu.b > 0.0f ? dy[i] : 0.0f;
    g_tail += g;
    gx_tail += g * (x[i] - mu);
  }
  sum_dy += lanes_total(g_tail, g_lanes);
  sum_dy_centred += lanes_total(gx_tail, gx_lanes);
}

NNFS_VECTOR_CLONES
void run_affine(const float* x, std::size_t n, float a, float b, bool relu, float* y) {
  if (!relu) {
    for (std::size_t i = 0; i < n; ++i) y[i] = x[i] * a + b;
    return;
  }
  for (std::size_t i = 0; i < n; ++i) {
    const float v = x[i] * a + b;
    y[i] = v < 0.0f ? 0.0f : v;  // not max(): a NaN stays NaN, as in the ReLU layer
  }
}

NNFS_VECTOR_CLONES
void run_batchnorm_dx(const float* dy, const float* x, std::size_t n, ReluGate relu, float scale, float mean_dy,
                      float mu, float k, float* dx) {
  if (!relu.on) {
    for (std::size_t i = 0; i < n; ++i) dx[i] = scale * (dy[i] - mean_dy - (x[i] - mu) * k);
    return;
  }
  for (std::size_t i = 0; i < n; ++i) {
    const float g = x[i] * relu.a + relu.b > 0.0f ? dy[i] : 0.0f;
    dx[i] = scale * (g - mean_dy - (x[i] - mu) * k);
  }
}

}  // namespace nnfs
