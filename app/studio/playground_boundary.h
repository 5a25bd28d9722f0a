// The playground's pictures of what a network computes over the plane, from a weights snapshot:
// the class regions with confidence shading (a 2-input classifier) and the fitted curve (a
// 1-input regression such as the book's sine). Pure computation with no GUI, so it runs off the
// UI thread on a shared_ptr<const Model> and is unit-tested.
#pragma once

#include <cstddef>
#include <vector>

#include "engine/data/dataset.h"
#include "engine/model/sequential.h"
#include "engine/model/workspace.h"

namespace nnfs::studio {

// The rectangle of the plane shown: [x0, x1] × [y0, y1].
struct PlaneBounds {
  float x0 = -1.0f, x1 = 1.0f, y0 = -1.0f, y1 = 1.0f;
};

// The bounds of a 2-feature dataset's points widened by 10% on each side (a unit square around
// the point when there is only one), so no point sits on the edge.
PlaneBounds plane_bounds(const Dataset& data);

// cells × cells regions, row 0 at y1 (the top, as drawn), column 0 at x0. Each cell holds the class
// the network gives the cell's centre and that class's probability (its confidence).
struct BoundaryGrid {
  std::size_t cells = 0;
  PlaneBounds bounds;
  std::vector<int> label;          // [cells · cells], row-major
  std::vector<float> confidence;   // [cells · cells], in [0, 1]
};

// Runs `net` (2 inputs) on every cell centre in one batch in `ws`. Outputs that are not a softmax
// are passed through one; a single output is read as P(class 1) (a sigmoid classifier).
BoundaryGrid compute_boundary(const Sequential& net, const PlaneBounds& bounds, std::size_t cells, Workspace& ws);

// The network's output for `samples` inputs evenly spaced over [x0, x1] (a 1-input regression):
// the curve drawn over the sine samples. First output of each.
std::vector<float> fitted_curve(const Sequential& net, float x0, float x1, std::size_t samples, Workspace& ws);

}  // namespace nnfs::studio
