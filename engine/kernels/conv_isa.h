// Internal interface between the direct-convolution driver (conv_direct.cpp) and its
// instruction-set back end (conv_avx512.cpp). Not part of the engine's public API.
//
// Plain structs and declarations only, for the reason given in gemm_isa.h (the back end is
// compiled with AVX-512 flags; nothing inline may be shared with plainer translation units).
//
// The layout every kernel here works on ("shifted planes", conv_direct.h has the math): an
// image [channels, h, w] padded for a stride-1 window with pad_h rows above and below and pad_w
// zero columns to the left of every row — the right-hand padding of a row is the left-hand
// padding of the next one, so rows are wp = w + pad_w floats apart. Plane c starts at
// c·plane; its hp = h + 2·pad_h rows are followed by zeros up to the next plane. (Winograd's
// planes use the same struct with wider rows: wp > w + pad_w, zeros after the values.)
#pragma once

#include <cstddef>
#include <cstdint>

namespace nnfs::conv_detail {

// Widest block of outputs plane_conv computes at once, in 16-float vectors: the buffers it
// reads must extend kMaxVectors·16 floats past the last output (junk lanes read there).
constexpr std::size_t kMaxVectors = 12;

struct Planes {
  std::size_t channels, h, w, pad_h, pad_w;
  std::size_t wp, hp, plane;  // row stride (>= w + pad_w), rows (>= h + pad_h), plane stride (floats)
  std::size_t size;           // floats of the whole buffer: channels·plane + slack (all written)
};

// Where the 16 lanes of one output vector go: a run of lanes [from, from + count) lands at
// y + at + lane (so `at` may be negative); a vector has one segment per image row it touches.
struct StoreSegment {
  std::ptrdiff_t at;
  std::uint32_t mask;  // lanes stored
};

// Output planes are computed in panels of at most kPanelRows: P = ceil(m / kPanelRows) panels,
// panel p holding planes [m·p/P, m·(p+1)/P). The weights are packed per panel, so one tile's
// weights are one contiguous stream: panel p's A[t, i] (tap t, plane i0 + r of the panel, of
// height h) is at a[i0·taps + t·h + r].
constexpr std::size_t kPanelRows = 8;

// y[i, oy, ox] = relu?(bias[i] + Σ_t A[t, i] · x[off[t] + oy·wp + ox])  for oy < ho, ox < wo.
// The outputs are computed along q = oy·wp + ox in vectors of 16 (q = 0 .. nvec·16); output
// vector v is stored through segments seg[seg_begin[v] .. seg_begin[v + 1]).
struct PlaneConvArgs {
  std::size_t m, taps;          // output planes, reduction length
  const float* a;               // A [taps, m] in panels (above)
  const std::int32_t* off;      // [taps]
  const float* x;               // shifted planes (Planes layout)
  std::size_t nvec;             // output vectors per plane: ceil(ho·wp / 16)
  const StoreSegment* seg;
  const std::uint32_t* seg_begin;  // [nvec + 1]
  float* y;
  std::size_t y_plane;          // ho·wo
  const float* bias;            // [m] or null
  bool relu;
};

// dwt[t, j] (+)= Σ_{oy<ho, ox<wo} x[off[t] + oy·wp + ox] · dy[j, oy·wo + ox]  for j < co; the
// columns co <= j < ldt of dwt are zero. Two loop orders (conv_avx512.cpp): weight_grad reads
// dy transposed (dyt, channels along the vectors), weight_grad_pixels reads dy as it is (pixels
// along the vectors) and only touches the columns j < co.
struct WeightGradArgs {
  std::size_t taps, co, ldt;
  const std::int32_t* off;      // [taps]
  const float* x;               // shifted planes
  std::size_t wp, ho, wo;
  const float* dy;              // [co, ho·wo]
  const float* dyt;             // [ho·wo, ldt], 64-byte aligned, zero past co; weight_grad only
  float* dwt;                   // [taps, ldt] (any alignment)
  bool accumulate;
};

struct ConvKernels {
  // dst (p.size floats) = the Planes layout of src[channels, h, w], zeros everywhere else.
  void (*pad_planes)(const float* src, const Planes& p, float* dst);
  // dst[c·ld + r] = src[r·cols + c] for r < rows, c < cols; zero for rows <= r < ld.
  void (*transpose)(const float* src, std::size_t rows, std::size_t cols, float* dst, std::size_t ld);
  void (*plane_conv)(const PlaneConvArgs& args);
  void (*weight_grad)(const WeightGradArgs& args);
  void (*weight_grad_pixels)(const WeightGradArgs& args);
};

// nullptr when the back end was not compiled in (non-x86 builds).
extern const ConvKernels* const kConvAvx512;

}  // namespace nnfs::conv_detail
