// The playground's picture of a network over the plane, computed off the UI thread from a weights
// snapshot: the class regions as RGBA pixels (one per cell, colour by class, lighter where the
// network is less sure) for a classifier, the fitted curve for a regression (sine). The UI thread
// only uploads the pixels as one texture. No GL: unit-tested.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "app/studio/playground_boundary.h"
#include "engine/model/model.h"

namespace nnfs::studio {

inline constexpr std::size_t kPlaygroundCells = 128;  // the boundary's resolution (cells per side)

struct PlaygroundPicture {
  BoundaryGrid grid;                   // classifier: class and confidence per cell
  std::vector<std::uint32_t> pixels;   // [cells · cells] RGBA, row 0 at the top
  std::vector<float> curve;            // regression: the output at evenly spaced x over the bounds
  std::uint64_t step = 0;              // the trainer's step when it was started (a paused
                                       // run's weights are that step's exactly)
  std::uint64_t generation = 0;        // PlaygroundDoc::generation of the network it shows
};

// Class `label`'s colour (RGBA bytes in memory order, as GlTexture takes them); colours repeat
// after eight classes.
std::uint32_t playground_class_rgba(int label);
// One pixel per cell: the class colour blended over `background` by the confidence above chance
// (1/classes → the background's tint, 1 → the full regional colour).
std::vector<std::uint32_t> boundary_pixels(const BoundaryGrid& grid, std::size_t classes, std::uint32_t background);

// The picture of `model` over `bounds`: a 2-input classifier's regions (`cells` per side) or a
// 1-input regression's curve (`cells` samples over [x0, x1]). `ws` is the caller's own.
PlaygroundPicture make_picture(const Model& model, const PlaneBounds& bounds, std::size_t cells,
                               std::uint32_t background, Workspace& ws);

}  // namespace nnfs::studio
