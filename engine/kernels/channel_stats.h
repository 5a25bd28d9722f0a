// channel_stats: the sums batch normalisation takes over a channel, one run at a time (a run is
// one sample's plane of that channel: S contiguous floats), and its two elementwise passes.
//
// Order of every sum, fixed for a given n (so the result depends neither on the thread count nor
// on how channels are split): 16 interleaved float partial sums over blocks of 16, the tail added
// in order to a scalar, then the partial sums in lane order into a double. The caller adds runs
// in double. Compiled for AVX-512, AVX2 and plain x86-64 (chosen at load time); a compiler may
// fuse multiply-adds on the wider paths, so CPUs of different ISAs may differ in the last bit.
#pragma once

#include <cstddef>

namespace nnfs {

// Asks for the cache lines of x[0, n) ahead of use (the next run of a channel: BatchNorm's
// ChannelRuns). Changes no result.
inline void prefetch_run(const float* x, std::size_t n) {
  for (std::size_t i = 0; i < n; i += 16) __builtin_prefetch(x + i);
}
// The same for lines about to be written (the line is fetched for ownership ahead of the store).
inline void prefetch_run_for_write(float* y, std::size_t n) {
  for (std::size_t i = 0; i < n; i += 16) __builtin_prefetch(y + i, 1);
}

// Σ x[i]
double run_sum(const float* x, std::size_t n);

// Σ (x[i] - mu)²
double run_squared_deviation(const float* x, std::size_t n, float mu);

// The ReLU that a fused BatchNorm+ReLU applied in its forward (run_affine with relu), seen by the
// backward: it passes dy[i] where x[i]·a + b > 0 and 0 elsewhere (a NaN passes nothing). The
// product is the one run_affine computed (the same expression in the same file and ISA clone), so
// the gate is exactly the forward's ReLU: y > 0.  on = false passes every dy[i].
struct ReluGate {
  bool on = false;
  float a = 0.0f, b = 0.0f;
};

// Σ g[i] and Σ g[i]·(x[i] - mu), added to sum_dy and sum_dy_centred, with g = dy gated by `relu`.
void run_gradient_sums(const float* dy, const float* x, std::size_t n, float mu, ReluGate relu, double& sum_dy,
                       double& sum_dy_centred);

// y[i] = x[i]·a + b, or max(0, x[i]·a + b) with relu (a NaN stays NaN)
void run_affine(const float* x, std::size_t n, float a, float b, bool relu, float* y);

// dx[i] = scale·(g[i] - mean_dy - (x[i] - mu)·k), g = dy gated by `relu`   (batch norm's input
// gradient, MATH.md)
void run_batchnorm_dx(const float* dy, const float* x, std::size_t n, ReluGate relu, float scale, float mean_dy,
                      float mu, float k, float* dx);

}  // namespace nnfs
