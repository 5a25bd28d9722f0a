// Fast GEMM driver: ISA dispatch, orientation, thread partition, cache blocking.
//
//   C[M,N] = alpha · op(A)[M,K] · op(B)[K,N] + beta · C   (+ bias, relu: gemm_fused)
//
// Loop nest on each thread (for its own block of C), in the GotoBLAS/BLIS tradition:
//
//   for jc in N, step NC                     B panel  [KC x NC]  packed once, lives in L2
//     for pc in K, step KC                   (fixed K blocks: the reduction order)
//       pack B panel  (transposing when B is stored transposed)
//       for ic in M, step mr (<= MR)         A sliver [mr x KC]  packed, stays in L1
//         pack A sliver (transposing when A is stored row-major)
//         for jr in NC, step NR              B sliver [KC x NR]  streams from L2
//           micro-kernel: C[mr x NR] (+)= A sliver · B sliver   (registers)
//
// Sizes (per back end, see gemm_avx512.cpp): MR x NR = 12 x 32, KC <= 384, NC <= 512.
//   KC: one A sliver (12 x 384 x 4 B = 18 KB) fits L1 (32 KB) next to the streaming B rows;
//       large KC also means C is read and written only once per KC block.
//   NC: the B panel (384 x 512 x 4 B = 768 KB) fits the 1 MB L2 of a Zen 4 core.
//   K is cut into equal blocks (K = 784 -> 2 x 392), N into equal multiples of NR.
//   Rows of M are dealt into ceil(M / MR) tiles of near-equal height (M = 128 -> 7 x 12 +
//   4 x 11) rather than full tiles plus a thin remainder; every height has its own
//   register-resident kernel. (Measured: MR 8, 10, 12 and KC 256..512 are within noise of each
//   other on the training shapes; 12 is best on the short-K ones.)
//
// Packing is skipped where it would only add a copy (see run_block): a B panel used by a single
// row tile and with contiguous rows is read in place; so is an A sliver stored column-major
// (its packed layout with a longer stride) when used once or densely stored, and a row-major A
// when K is short (the kernel broadcasts from its rows). The small shapes gain 10-40 %.
//
// Determinism: each C element is the same sequence of FMAs over the same K blocks whatever the
// tile it falls in, so any partition of M and N (threads) gives bit-identical results. The K
// blocking and the orientation depend only on (M, N, K) and the ISA, never on the thread count.
//
// Orientation: when N is narrow (N = 10 for the MLP's output layer), vectors along N waste
// lanes (10 of 16). Then we compute Cᵀ = op(B)ᵀ·op(A)ᵀ into a small per-thread buffer with
// vectors along M, and a transposing store writes C (and applies alpha, beta, bias, relu).
//
// Threads: C is cut into a gm x gn grid (gm·gn = threads) choosing the grid with the least
// estimated per-thread time (micro-kernel work + duplicated packing); small products (below
// kParallelFlops) run on the calling thread, since waking a worker costs more than it saves.
#include "engine/kernels/gemm.h"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>

#include "engine/core/cpu_features.h"
#include "engine/core/error.h"
#include "engine/core/parallel.h"
#include "engine/kernels/gemm_isa.h"

namespace nnfs {

using gemm_detail::IsaKernels;
using gemm_detail::TileStore;
using gemm_detail::View;

namespace {

constexpr double kParallelFlops = 1.5e6;  // below this, one thread (~15 µs of work)
constexpr std::size_t kTransposedChunk = 1024;  // rows of C per Cᵀ buffer pass

// ---- ISA selection -----------------------------------------------------------------------

const IsaKernels* kernels_of(GemmIsa isa) {
  switch (isa) {
    case GemmIsa::Scalar: return gemm_detail::kIsaScalar;
    case GemmIsa::Avx2: return cpu_features().avx2_fma ? gemm_detail::kIsaAvx2 : nullptr;
    case GemmIsa::Avx512: return cpu_features().avx512 ? gemm_detail::kIsaAvx512 : nullptr;
    case GemmIsa::Auto: break;
  }
  return nullptr;
}

GemmIsa best_isa() {
  if (kernels_of(GemmIsa::Avx512)) return GemmIsa::Avx512;
  if (kernels_of(GemmIsa::Avx2)) return GemmIsa::Avx2;
  return GemmIsa::Scalar;
}

// NNFS_ISA=scalar|avx2|avx512|auto; a path the CPU lacks falls back to the best one below it.
GemmIsa default_isa() {
  const GemmIsa best = best_isa();
  const char* env = std::getenv("NNFS_ISA");
  if (!env || !*env) return best;
  const std::string name = env;
  GemmIsa wanted = GemmIsa::Auto;
  for (GemmIsa isa : {GemmIsa::Scalar, GemmIsa::Avx2, GemmIsa::Avx512})
    if (name == gemm_isa_name(isa)) wanted = isa;
  if (name == "auto") return best;
  if (wanted == GemmIsa::Auto) {
    std::fprintf(stderr, "nnfs: NNFS_ISA=%s not recognised (scalar, avx2, avx512); using %s\n",
                 env, gemm_isa_name(best));
    return best;
  }
  if (static_cast<int>(wanted) > static_cast<int>(best)) {
    std::fprintf(stderr, "nnfs: NNFS_ISA=%s not supported by this CPU; using %s\n", env,
                 gemm_isa_name(best));
    return best;
  }
  return wanted;
}

std::atomic<int> g_forced_isa{static_cast<int>(GemmIsa::Auto)};

GemmIsa active_isa() {
  const auto forced = static_cast<GemmIsa>(g_forced_isa.load(std::memory_order_relaxed));
  if (forced != GemmIsa::Auto) return forced;
  static const GemmIsa from_env = default_isa();
  return from_env;
}

// ---- per-thread packing buffers ------------------------------------------------------------

// A 64-byte aligned float buffer that only grows: after the first calls of a given size a
// GEMM allocates nothing.
class Buffer {
 public:
  Buffer() = default;
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;
  ~Buffer() { release(); }
  float* get(std::size_t floats) {
    if (floats > capacity_) {
      release();
      capacity_ = std::max(floats, capacity_ + capacity_ / 2);
      data_ = static_cast<float*>(::operator new(capacity_ * sizeof(float), std::align_val_t{64}));
    }
    return data_;
  }

 private:
  void release() {
    if (data_) ::operator delete(data_, std::align_val_t{64});
    data_ = nullptr;
  }
  float* data_ = nullptr;
  std::size_t capacity_ = 0;
};

struct Workspace {
  Buffer a, b, t;
};

Workspace& workspace() {
  static thread_local Workspace ws;
  return ws;
}

constexpr std::size_t kPad = 32;  // floats past the end the back ends may scribble on

std::size_t round_up(std::size_t x, std::size_t to) { return (x + to - 1) / to * to; }
std::size_t ceil_div(std::size_t x, std::size_t y) { return (x + y - 1) / y; }

// ---- the blocked product on one block of C -----------------------------------------------------

// How the K dimension is cut; a function of K and the ISA only (the reduction order).
struct KBlocks {
  std::size_t count, size;
  explicit KBlocks(std::size_t k, std::size_t kc_max)
      : count(ceil_div(k, kc_max)), size(ceil_div(k, ceil_div(k, kc_max))) {}
};

// One product C[m x n] (op)= A[m x k] · B[k x n] through views; the stores say what to do with
// C on the first, middle and last K block.
struct Block {
  View a, b;
  std::size_t m, n, k;
  float* c;
  std::size_t ldc;
  TileStore first, rest;      // first K block / later ones (alpha, beta=1, read_c)
  const float* bias;          // applied with relu on the last K block (already offset)
  bool bias_per_row, relu;
};

void run_block(const IsaKernels& isa, const Block& blk) {
  const KBlocks kb(blk.k, isa.kc_max);
  const auto nr = static_cast<std::size_t>(isa.nr);
  const std::size_t nc_blocks = ceil_div(blk.n, isa.nc_max);
  const std::size_t nc_size = round_up(ceil_div(blk.n, nc_blocks), nr);
  const std::size_t row_tiles = ceil_div(blk.m, static_cast<std::size_t>(isa.mr_max));
  const std::size_t row_base = blk.m / row_tiles, row_extra = blk.m % row_tiles;

  Workspace& ws = workspace();
  float* bbuf = ws.b.get(kb.size * round_up(std::min(nc_size, blk.n), nr) + kPad);
  float* abuf = ws.a.get(kb.size * static_cast<std::size_t>(isa.mr_max) + kPad);

  // With a single row tile every B element is used once: packing would only add a copy, so
  // full-width slivers are read in place when B's rows are contiguous (the partial last sliver
  // is still packed, zero padded).
  const bool direct_b = row_tiles == 1 && blk.b.cs == 1;
  // A slivers are read in place instead of packed when that is cheaper:
  //  * op(A) with contiguous columns (A stored transposed) already has the packed layout, only
  //    with a wider k stride; in place when the sliver is used by at most two B slivers or the
  //    stride is short (a long stride spreads the sliver over many L1 lines, often one set).
  //  * op(A) with contiguous rows needs a transposing pack (16x16 register transposes, partly
  //    wasted when K is short); for K <= 64 the micro-kernel broadcasts from the rows instead.
  //    Not for long K: MR rows at a large power-of-two stride alias in L1 (1024^3: -10%).
  const bool a_cols_in_place =
      blk.a.rs == 1 && (blk.n <= 2 * nr || blk.a.cs <= 2 * static_cast<std::size_t>(isa.mr_max));
  const bool a_rows_in_place = blk.a.cs == 1 && blk.a.rs != 1 && blk.k <= 64;
  const bool direct_a = a_cols_in_place || a_rows_in_place;
  const auto vec = static_cast<std::size_t>(isa.vec);

  for (std::size_t jc = 0; jc < blk.n; jc += nc_size) {
    const std::size_t nc = std::min(nc_size, blk.n - jc);
    const std::size_t in_place = direct_b ? nc / nr * nr : 0;  // columns read without packing
    for (std::size_t q = 0; q < kb.count; ++q) {
      const std::size_t p0 = q * kb.size, kc = std::min(kb.size, blk.k - p0);
      const float* b_block = blk.b.p + p0 * blk.b.rs + jc * blk.b.cs;
      if (in_place < nc)
        isa.pack_b(View{b_block + in_place * blk.b.cs, blk.b.rs, blk.b.cs}, kc, nc - in_place, bbuf);
      TileStore st = q == 0 ? blk.first : blk.rest;
      const bool last = q + 1 == kb.count;
      if (last) {
        st.relu = blk.relu;
        st.bias_per_row = blk.bias_per_row;
      }
      std::size_t i0 = 0;
      for (std::size_t t = 0; t < row_tiles; ++t) {
        const std::size_t mr = row_base + (t < row_extra ? 1 : 0);
        const float* a_tile = blk.a.p + i0 * blk.a.rs + p0 * blk.a.cs;
        if (!direct_a) isa.pack_a(View{a_tile, blk.a.rs, blk.a.cs}, mr, kc, abuf);
        const View a_use = direct_a ? View{a_tile, blk.a.rs, blk.a.cs} : View{abuf, 1, mr};
        float* crow = blk.c + i0 * blk.ldc + jc;
        for (std::size_t j = 0; j < nc; j += nr) {
          if (last && blk.bias) st.bias = blk.bias + (blk.bias_per_row ? i0 : jc + j);
          const std::size_t w = std::min(nr, nc - j);
          if (j < in_place)
            isa.tile(mr, w, kc, a_use, b_block + j, blk.b.rs, crow + j, blk.ldc, st);
          else
            isa.tile(mr, w, kc, a_use, bbuf + (j - in_place) * kc, round_up(w, vec), crow + j,
                     blk.ldc, st);
        }
        i0 += mr;
      }
    }
  }
}

// ---- planning --------------------------------------------------------------------------------

double lane_use(std::size_t x, std::size_t vec) {
  return static_cast<double>(x) / static_cast<double>(round_up(x, vec));
}

// Vectors along M (compute Cᵀ) when N is narrow and M fills the lanes much better.
bool use_transposed(const IsaKernels& isa, std::size_t m, std::size_t n) {
  const auto vec = static_cast<std::size_t>(isa.vec);
  return n <= 2 * vec && lane_use(m, vec) >= lane_use(n, vec) + 0.2;
}

struct Grid {
  std::size_t gm = 1, gn = 1;
};

// The gm x gn split of C with the least estimated time per thread: micro-kernel cycles for
// its block (lane padding included) plus packing its share of A and B (~0.5 cycle/float).
Grid choose_grid(const IsaKernels& isa, std::size_t m, std::size_t n, std::size_t k, int threads) {
  const auto t = static_cast<std::size_t>(threads);
  const auto vec = static_cast<std::size_t>(isa.vec);
  Grid best;
  double best_cost = -1.0;
  for (std::size_t gm = 1; gm <= t; ++gm) {
    if (t % gm != 0) continue;
    const std::size_t gn = t / gm;
    const auto bm = static_cast<double>(ceil_div(m, gm));
    const auto bn = static_cast<double>(round_up(ceil_div(n, gn), vec));
    const auto kd = static_cast<double>(k);
    const double cost = bm * bn * kd / static_cast<double>(vec) + 0.5 * kd * (bm + bn);
    if (best_cost < 0.0 || cost < best_cost) {
      best_cost = cost;
      best = Grid{gm, gn};
    }
  }
  return best;
}

View view_of(const float* p, std::size_t ld, Trans t) {
  return t == Trans::No ? View{p, ld, 1} : View{p, 1, ld};
}

View transposed(View v) { return View{v.p, v.cs, v.rs}; }

void check_args(const GemmArgs& g) {
  const std::size_t a_cols = g.trans_a == Trans::No ? g.k : g.m;
  const std::size_t b_cols = g.trans_b == Trans::No ? g.n : g.k;
  if (!g.c || g.ldc < g.n) throw Error("gemm: C is null or ldc < n");
  if (g.k > 0 && g.alpha != 0.0f) {
    if (!g.a || g.lda < a_cols) throw Error("gemm: A is null or lda is smaller than its row");
    if (!g.b || g.ldb < b_cols) throw Error("gemm: B is null or ldb is smaller than its row");
  }
}

// C = relu?(beta·C + bias) when there is no product to add (k == 0 or alpha == 0).
void scale_only(const GemmArgs& g, const GemmEpilogue& ep) {
  for (std::size_t i = 0; i < g.m; ++i) {
    float* c = g.c + i * g.ldc;
    for (std::size_t j = 0; j < g.n; ++j) {
      float x = g.beta == 0.0f ? 0.0f : g.beta * c[j];
      if (ep.bias) x += ep.bias_per_row ? ep.bias[i] : ep.bias[j];
      if (ep.relu && x < 0.0f) x = 0.0f;
      c[j] = x;
    }
  }
}

}  // namespace

// ---- public API ------------------------------------------------------------------------------

const char* gemm_isa_name(GemmIsa isa) {
  switch (isa) {
    case GemmIsa::Auto: return "auto";
    case GemmIsa::Scalar: return "scalar";
    case GemmIsa::Avx2: return "avx2";
    case GemmIsa::Avx512: return "avx512";
  }
  return "?";
}

bool gemm_isa_available(GemmIsa isa) { return isa == GemmIsa::Auto || kernels_of(isa) != nullptr; }

void gemm_force_isa(GemmIsa isa) {
  if (!gemm_isa_available(isa))
    throw Error(std::string("gemm: instruction set ") + gemm_isa_name(isa) +
                " is not available on this CPU");
  g_forced_isa.store(static_cast<int>(isa));
}

GemmIsa gemm_active_isa() { return active_isa(); }

void gemm_fused(const GemmArgs& g, const GemmEpilogue& ep) {
  if (g.m == 0 || g.n == 0) return;
  check_args(g);
  if (g.k == 0 || g.alpha == 0.0f) {
    scale_only(g, ep);
    return;
  }
  const IsaKernels& isa = *kernels_of(active_isa());
  const View a = view_of(g.a, g.lda, g.trans_a), b = view_of(g.b, g.ldb, g.trans_b);
  const bool flip = use_transposed(isa, g.m, g.n);

  int threads = in_parallel_region() ? 1 : num_threads();
  const double flops = 2.0 * static_cast<double>(g.m) * static_cast<double>(g.n) *
                       static_cast<double>(g.k);
  if (flops < kParallelFlops) threads = 1;
  const Grid grid = choose_grid(isa, g.m, g.n, g.k, threads);

  const TileStore user_first{g.alpha, g.beta, g.beta != 0.0f, nullptr, false, false};
  const TileStore accumulate{g.alpha, 1.0f, true, nullptr, false, false};

  auto work = [&](int task) {
    const auto ti = static_cast<std::size_t>(task);
    const std::size_t bi = ti / grid.gn, bj = ti % grid.gn;
    const std::size_t m0 = g.m * bi / grid.gm, m1 = g.m * (bi + 1) / grid.gm;
    // N is cut at multiples of the vector width so column edges stay where they would be.
    const auto vec = static_cast<std::size_t>(isa.vec);
    const std::size_t units = ceil_div(g.n, vec);
    const std::size_t n0 = std::min(g.n, units * bj / grid.gn * vec);
    const std::size_t n1 = std::min(g.n, units * (bj + 1) / grid.gn * vec);
    if (m0 >= m1 || n0 >= n1) return;
    const View ab{a.p + m0 * a.rs, a.rs, a.cs}, bb{b.p + n0 * b.cs, b.rs, b.cs};
    if (!flip) {
      const float* bias = ep.bias ? ep.bias + (ep.bias_per_row ? m0 : n0) : nullptr;
      run_block(isa, Block{ab, bb, m1 - m0, n1 - n0, g.k, g.c + m0 * g.ldc + n0, g.ldc,
                           user_first, accumulate, bias, ep.bias_per_row, ep.relu});
      return;
    }
    // Cᵀ[n x m] = op(B)ᵀ · op(A)ᵀ into a per-thread buffer, then a transposing store.
    const std::size_t ns = n1 - n0;
    const TileStore plain_first{1.0f, 0.0f, false, nullptr, false, false};
    const TileStore plain_rest{1.0f, 1.0f, true, nullptr, false, false};
    for (std::size_t i0 = m0; i0 < m1; i0 += kTransposedChunk) {
      const std::size_t ms = std::min(kTransposedChunk, m1 - i0);
      const std::size_t ldt = round_up(ms, 16);
      float* t = workspace().t.get(ns * ldt + kPad);
      const View at{a.p + i0 * a.rs, a.rs, a.cs};
      run_block(isa, Block{transposed(bb), transposed(at), ns, ms, g.k, t, ldt, plain_first,
                           plain_rest, nullptr, false, false});
      TileStore st = user_first;
      st.bias = ep.bias ? ep.bias + (ep.bias_per_row ? i0 : n0) : nullptr;
      st.bias_per_row = ep.bias_per_row;
      st.relu = ep.relu;
      isa.store_transposed(ms, ns, t, ldt, g.c + i0 * g.ldc + n0, g.ldc, st);
    }
  };
  parallel_tasks(static_cast<int>(grid.gm * grid.gn), work);
}

void gemm(const GemmArgs& args) { gemm_fused(args, GemmEpilogue{}); }

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
