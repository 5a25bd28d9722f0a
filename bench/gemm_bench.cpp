// nnfs_bench_gemm: GFLOP/s of our gemm() against OpenBLAS's cblas_sgemm on the MLP's training
// shapes (784-128-10, batches 128 and 32) and 1024^3, at 1 and 2 threads.
//
//   nnfs_bench_gemm [--json] [--rounds N] [--threads 1,2] [--min-ms X] [--only TEXT]
//   (--only: just the shapes whose name contains TEXT, e.g. "B=32" or "fc1")
//
// Method: both sides get the same operands; after a warm-up, each round times a batch of
// calls of ours and then a batch of the peer's (alternating, so drift in clock speed or
// neighbours hits both alike), a batch lasting >= --min-ms. GFLOP/s = 2·M·N·K / time per call;
// the table shows the median over rounds, and the ratio is the median of the per-round ratios
// (paired, so a noisy neighbour during one round does not skew it). Thread counts are pinned on
// both sides (set_num_threads / openblas_set_num_threads). Results of the two are
// cross-checked. The FMA peak (bench/fma_peak.cpp) is measured first, at each thread count, with
// the vectors of the path our GEMM uses. The load average is printed: on a shared 2-core
// machine, 2-thread numbers only mean something when it is well below 1.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "bench/fma_peak.h"
#include "engine/core/parallel.h"
#include "engine/kernels/gemm.h"

#ifdef NNFS_HAVE_OPENBLAS
#include <cblas.h>
#endif

namespace {

using nnfs::Trans;

struct Shape {
  const char* name;
  std::size_t m, n, k;
  Trans ta, tb;
};

// (M, N, K) as in C[M,N] = op(A)[M,K]·op(B)[K,N]. Dense layer: y = x·W, dW = xᵀ·dy, dx = dy·Wᵀ.
const Shape kShapes[] = {
    {"fc1 fwd  x·W    B=128", 128, 128, 784, Trans::No, Trans::No},
    {"fc1 dW   xᵀ·dy  B=128", 784, 128, 128, Trans::Yes, Trans::No},
    {"fc1 dX   dy·Wᵀ  B=128", 128, 784, 128, Trans::No, Trans::Yes},
    {"fc2 fwd  x·W    B=128", 128, 10, 128, Trans::No, Trans::No},
    {"fc2 dW   xᵀ·dy  B=128", 128, 10, 128, Trans::Yes, Trans::No},
    {"fc2 dX   dy·Wᵀ  B=128", 128, 128, 10, Trans::No, Trans::Yes},
    {"fc1 fwd  x·W    B=32", 32, 128, 784, Trans::No, Trans::No},
    {"fc1 dW   xᵀ·dy  B=32", 784, 128, 32, Trans::Yes, Trans::No},
    {"fc1 dX   dy·Wᵀ  B=32", 32, 784, 128, Trans::No, Trans::Yes},
    {"fc2 fwd  x·W    B=32", 32, 10, 128, Trans::No, Trans::No},
    {"fc2 dW   xᵀ·dy  B=32", 128, 10, 32, Trans::Yes, Trans::No},
    {"fc2 dX   dy·Wᵀ  B=32", 32, 128, 10, Trans::No, Trans::Yes},
    {"square 1024^3", 1024, 1024, 1024, Trans::No, Trans::No},
};

struct Options {
  bool json = false;
  int rounds = 15;
  double min_ms = 20.0;
  std::vector<int> threads = {1, 2};
  std::string only;
};

struct Result {
  const Shape* shape;
  int threads;
  double ours_gflops, peer_gflops;  // peer < 0: no peer
  double ratio;                      // median over rounds of ours/peer
  double max_rel_diff;
};

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

// Seconds per call over a batch of `calls`.
double time_batch(const std::function<void()>& fn, int calls) {
  const auto t0 = Clock::now();
  for (int i = 0; i < calls; ++i) fn();
  return seconds_since(t0) / calls;
}

int calls_for(const std::function<void()>& fn, double min_ms) {
  const double once = time_batch(fn, 3);
  return std::max(1, static_cast<int>(min_ms * 1e-3 / std::max(once, 1e-9)));
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t h = v.size() / 2;
  return v.size() % 2 ? v[h] : 0.5 * (v[h - 1] + v[h]);
}

Result run_shape(const Shape& s, int threads, const Options& opt) {
  const std::size_t lda = s.ta == Trans::No ? s.k : s.m, ldb = s.tb == Trans::No ? s.n : s.k;
  std::vector<float> a(s.m * s.k), b(s.k * s.n), c_ours(s.m * s.n, 0.0f), c_peer(s.m * s.n, 0.0f);
  unsigned state = 12345u;
  auto next = [&] {
    state = state * 1664525u + 1013904223u;
    return static_cast<float>(state >> 8) / 16777216.0f - 0.5f;
  };
  for (float& x : a) x = next();
  for (float& x : b) x = next();

  nnfs::GemmArgs g;
  g.trans_a = s.ta;
  g.trans_b = s.tb;
  g.m = s.m;
  g.n = s.n;
  g.k = s.k;
  g.a = a.data();
  g.lda = lda;
  g.b = b.data();
  g.ldb = ldb;
  g.c = c_ours.data();
  g.ldc = s.n;
  const std::function<void()> ours = [&] { nnfs::gemm(g); };
  std::function<void()> peer;
#ifdef NNFS_HAVE_OPENBLAS
  peer = [&] {
    cblas_sgemm(CblasRowMajor, s.ta == Trans::No ? CblasNoTrans : CblasTrans,
                s.tb == Trans::No ? CblasNoTrans : CblasTrans, static_cast<int>(s.m),
                static_cast<int>(s.n), static_cast<int>(s.k), 1.0f, a.data(), static_cast<int>(lda),
                b.data(), static_cast<int>(ldb), 0.0f, c_peer.data(), static_cast<int>(s.n));
  };
#endif
  nnfs::set_num_threads(threads);
#ifdef NNFS_HAVE_OPENBLAS
  openblas_set_num_threads(threads);
#endif

  const int ours_calls = calls_for(ours, opt.min_ms);
  const int peer_calls = peer ? calls_for(peer, opt.min_ms) : 0;
  std::vector<double> ours_t, peer_t;
  for (int r = 0; r < opt.rounds; ++r) {
    ours_t.push_back(time_batch(ours, ours_calls));
    if (peer) peer_t.push_back(time_batch(peer, peer_calls));
  }
  const double flops = 2.0 * static_cast<double>(s.m) * static_cast<double>(s.n) *
                       static_cast<double>(s.k);
  Result res{&s, threads, flops / median(ours_t) * 1e-9, -1.0, 0.0, 0.0};
  if (peer) {
    res.peer_gflops = flops / median(peer_t) * 1e-9;
    std::vector<double> ratios;
    for (std::size_t r = 0; r < ours_t.size(); ++r) ratios.push_back(peer_t[r] / ours_t[r]);
    res.ratio = median(ratios);
    double worst = 0.0;
    for (std::size_t i = 0; i < c_ours.size(); ++i)
      worst = std::max(worst, std::fabs(static_cast<double>(c_ours[i]) - c_peer[i]) /
                                  (1.0 + std::fabs(static_cast<double>(c_peer[i]))));
    res.max_rel_diff = worst;
  }
  return res;
}

std::string op_name(const Shape& s) {
  return std::string(s.ta == Trans::No ? "N" : "T") + (s.tb == Trans::No ? "N" : "T");
}

std::string load_average() {
  std::FILE* f = std::fopen("/proc/loadavg", "r");
  if (!f) return "?";
  char buf[64] = {};
  const bool ok = std::fgets(buf, sizeof buf, f) != nullptr;
  std::fclose(f);
  if (!ok) return "?";
  std::string s = buf;
  return s.substr(0, s.find(' '));
}

// Measured FMA peak per thread count (GFLOP/s), in the order of --threads.
using Peaks = std::vector<std::pair<int, double>>;

void print_table(const std::vector<Result>& results, const Peaks& peaks, const std::string& load_before) {
  for (const auto& [threads, gflops] : peaks)
    std::printf("FMA peak at %d thread%s: %.1f GFLOP/s\n", threads, threads == 1 ? "" : "s", gflops);
  std::printf("ISA: %s, peer: %s, 1-min load average: %s before, %s after\n\n",
              nnfs::gemm_isa_name(nnfs::gemm_active_isa()),
#ifdef NNFS_HAVE_OPENBLAS
              "OpenBLAS cblas_sgemm"
#else
              "none (OpenBLAS not found at build time)"
#endif
              ,
              load_before.c_str(), load_average().c_str());
  std::printf("| shape | M | N | K | op | threads | ours GFLOP/s | OpenBLAS GFLOP/s | ours/OpenBLAS |\n");
  std::printf("|---|---:|---:|---:|:-:|:-:|---:|---:|---:|\n");
  for (const Result& r : results) {
    const Shape& s = *r.shape;
    std::printf("| %s | %zu | %zu | %zu | %s | %d | %.1f |", s.name, s.m, s.n, s.k,
                op_name(s).c_str(), r.threads, r.ours_gflops);
    if (r.peer_gflops > 0) std::printf(" %.1f | %.2f |\n", r.peer_gflops, r.ratio);
    else std::printf(" - | - |\n");
  }
}

void print_json(const std::vector<Result>& results, const Peaks& peaks, const std::string& load_before) {
  std::printf("{\"peak_gflops\": {");
  for (std::size_t i = 0; i < peaks.size(); ++i)
    std::printf("%s\"%d\": %.2f", i ? ", " : "", peaks[i].first, peaks[i].second);
  std::printf("}, \"isa\": \"%s\", \"peer\": %s, \"load_before\": %s, \"load_after\": %s, "
              "\"results\": [\n",
              nnfs::gemm_isa_name(nnfs::gemm_active_isa()),
#ifdef NNFS_HAVE_OPENBLAS
              "\"openblas\""
#else
              "null"
#endif
              ,
              load_before.c_str(), load_average().c_str());
  for (std::size_t i = 0; i < results.size(); ++i) {
    const Result& r = results[i];
    const Shape& s = *r.shape;
    std::printf("  {\"shape\": \"%s\", \"m\": %zu, \"n\": %zu, \"k\": %zu, \"op\": \"%s\", "
                "\"threads\": %d, \"ours_gflops\": %.2f",
                s.name, s.m, s.n, s.k, op_name(s).c_str(), r.threads, r.ours_gflops);
    if (r.peer_gflops > 0)
      std::printf(", \"peer_gflops\": %.2f, \"ratio\": %.3f, \"max_rel_diff\": %.2e", r.peer_gflops,
                  r.ratio, r.max_rel_diff);
    std::printf("}%s\n", i + 1 < results.size() ? "," : "");
  }
  std::printf("]}\n");
}

bool parse_args(int argc, char** argv, Options& opt) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "--json") {
      opt.json = true;
    } else if (arg == "--rounds" && has_value) {
      opt.rounds = std::max(1, std::atoi(argv[++i]));
    } else if (arg == "--min-ms" && has_value) {
      opt.min_ms = std::max(0.1, std::atof(argv[++i]));
    } else if (arg == "--only" && has_value) {
      opt.only = argv[++i];
    } else if (arg == "--threads" && has_value) {
      opt.threads.clear();
      std::string list = argv[++i];
      for (std::size_t pos = 0; pos < list.size();) {
        const std::size_t comma = std::min(list.find(',', pos), list.size());
        const int t = std::atoi(list.substr(pos, comma - pos).c_str());
        if (t > 0) opt.threads.push_back(t);
        pos = comma + 1;
      }
      if (opt.threads.empty()) return false;
    } else {
      return false;
    }
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  Options opt;
  if (!parse_args(argc, argv, opt)) {
    std::fprintf(stderr, "usage: %s [--json] [--rounds N] [--threads 1,2] [--min-ms X] [--only TEXT]\n",
                 argv[0]);
    return 2;
  }
  const std::string load_before = load_average();
  Peaks peaks;
  for (int threads : opt.threads)
    peaks.emplace_back(threads, nnfs_bench::measure_fma_peak(nnfs::gemm_active_isa(), threads));
  std::vector<Result> results;
  for (int threads : opt.threads)
    for (const Shape& s : kShapes) {
      if (!opt.only.empty() && std::string(s.name).find(opt.only) == std::string::npos) continue;
      results.push_back(run_shape(s, threads, opt));
      if (!opt.json) std::fprintf(stderr, ".");
    }
  if (!opt.json) std::fprintf(stderr, "\n");
  if (opt.json) print_json(results, peaks, load_before);
  else print_table(results, peaks, load_before);
  for (const Result& r : results)
    if (r.peer_gflops > 0 && r.max_rel_diff > 1e-3) {
      std::fprintf(stderr, "MISMATCH vs peer on %s (%d threads): max rel diff %.2e\n",
                   r.shape->name, r.threads, r.max_rel_diff);
      return 1;
    }
  return 0;
}
