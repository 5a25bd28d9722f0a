// Every neuron's view: the output of each input, hidden neuron and output over the plane, computed
// with the engine's own forward pass (one batch of the grid's points, each layer's activations read
// from the workspace). GL-free, so it is unit-tested; panel_playground_diagram.cpp draws it.
//
// Columns: the inputs, then one per Dense layer — the activation after that Dense and the layers
// that follow it up to the next Dense (its activation function, dropout, softmax), which is the
// neuron's output as the book draws it. The weights of Dense k connect column k to column k + 1.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "app/studio/playground_boundary.h"
#include "engine/model/sequential.h"
#include "engine/model/workspace.h"

namespace nnfs::studio {

struct NeuronColumn {
  std::string label;            // "inputs", "dense 64 · relu", "dense 3 · softmax"
  std::size_t neurons = 0;
  std::vector<float> values;    // [neurons, cells · cells]; row 0 of a map at y1, column 0 at x0
  std::vector<float> lo, hi;    // [neurons] each map's range, for its colour scale
  std::size_t dense_layer = 0;  // the Sequential index of the Dense that feeds it (not for inputs)
};

struct NeuronMaps {
  std::size_t cells = 0;
  std::vector<NeuronColumn> columns;
};

// `net` must take 1 or 2 inputs (a 1-input net sees x only, so its maps vary left to right).
NeuronMaps compute_neuron_maps(const Sequential& net, const PlaneBounds& bounds, std::size_t cells, Workspace& ws);

// The weight W[from, to] of the Dense at `layer` (which must be a Dense).
float dense_weight(const Sequential& net, std::size_t layer, std::size_t from, std::size_t to);

}  // namespace nnfs::studio
