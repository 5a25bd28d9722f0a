// Internal interface between the GEMM driver (gemm.cpp) and its instruction-set back ends
// (gemm_scalar.cpp, gemm_avx2.cpp, gemm_avx512.cpp). Not part of the engine's public API.
//
// The back ends are compiled with per-file ISA flags (see CMakeLists.txt), so this header must
// stay free of inline functions, templates and default member initialisers (they make
// constructors inline): anything inline would be emitted by an AVX-512
// translation unit too, and the linker could pick that copy for code running on a CPU without
// AVX-512. Plain structs and declarations only.
#pragma once

#include <cstddef>

namespace nnfs::gemm_detail {

// A read-only strided matrix: element (r, c) is p[r * rs + c * cs]; rs or cs is 1.
struct View {
  const float* p;
  std::size_t rs, cs;
};

// How a finished micro-tile (acc[r][c]) is written to its C tile:
//   out = alpha * acc + (read_c ? beta * C : 0) (+ bias) ; relu: out = max(out, 0) (NaN stays)
// read_c is false when beta == 0 on the first K block: C is then never read (may hold NaN).
// bias: nullptr, or per column (bias[c]) or, with bias_per_row, per row (bias[r]) of the tile.
struct TileStore {
  float alpha;
  float beta;
  bool read_c;
  const float* bias;
  bool bias_per_row;
  bool relu;
};

// One back end. Packed formats (all k-major so the micro-kernel reads them sequentially):
//   A sliver: mr rows x kc,           dst[p * mr + r]           (mr <= mr_max)
//   B panel : slivers of nr columns,  sliver s at dst + s*nr*kc, dst[p * w + c] inside it, where
//             w = nr for full slivers and the last sliver's width rounded up to `vec`,
//             zero-padded.
struct IsaKernels {
  const char* name;
  int mr_max;       // most rows one micro-tile can hold
  int nr;           // columns of a full sliver (micro-tile width)
  int vec;          // SIMD lanes; partial slivers are padded to a multiple of this
  std::size_t kc_max;  // K block: A sliver (mr_max x kc) + B sliver stream through L1
  std::size_t nc_max;  // N block: B panel (kc x nc) stays in L2

  // op(B)[0:kc, 0:nc] (as seen through `b`) into the B panel format.
  void (*pack_b)(View b, std::size_t kc, std::size_t nc, float* dst);
  // op(A)[0:mr, 0:kc] into the A sliver format.
  void (*pack_a)(View a, std::size_t mr, std::size_t kc, float* dst);
  // C[0:mr, 0:nc] (row stride ldc) from A (mr x kc) times one B sliver (kc x nc), nc <= nr.
  // A: a packed sliver (View{buf, 1, mr}) or op(A) in place (either stride may be the 1).
  // B: row p of the sliver starts at b + p * ldb: a packed sliver (ldb = its width), or, for a
  // full-width sliver (nc == nr), op(B) read in place when its rows are contiguous.
  void (*tile)(std::size_t mr, std::size_t nc, std::size_t kc, View a, const float* b,
               std::size_t ldb, float* c, std::size_t ldc, const TileStore& store);
  // C[i, j] = store(T[j, i]) for i < m, j < n: writes a result computed transposed
  // (bias per column of C).
  void (*store_transposed)(std::size_t m, std::size_t n, const float* t, std::size_t ldt, float* c,
                           std::size_t ldc, const TileStore& store);
};

// nullptr when the back end was not compiled in (non-x86 builds).
extern const IsaKernels* const kIsaScalar;
extern const IsaKernels* const kIsaAvx2;
extern const IsaKernels* const kIsaAvx512;

}  // namespace nnfs::gemm_detail
