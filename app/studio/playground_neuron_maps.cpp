#include "app/studio/playground_neuron_maps.h"

#include <algorithm>

#include "engine/core/error.h"
#include "engine/layers/dense.h"

namespace nnfs::studio {

namespace {

// The grid's cell centres as one batch [cells², inputs]: row 0 at y1 (the top), column 0 at x0.
Tensor grid_batch(const PlaneBounds& bounds, std::size_t cells, std::size_t inputs) {
  Tensor x({cells * cells, inputs});
  const float dx = (bounds.x1 - bounds.x0) / static_cast<float>(cells);
  const float dy = (bounds.y1 - bounds.y0) / static_cast<float>(cells);
  for (std::size_t r = 0; r < cells; ++r)
    for (std::size_t c = 0; c < cells; ++c) {
      float* p = x.data() + inputs * (r * cells + c);
      p[0] = bounds.x0 + (static_cast<float>(c) + 0.5f) * dx;
      if (inputs == 2) p[1] = bounds.y1 - (static_cast<float>(r) + 0.5f) * dy;
    }
  return x;
}

// One column from activation a [points, neurons]: transposed to one map per neuron, with ranges.
NeuronColumn column_from(const Tensor& a, std::size_t points, std::string label) {
  NeuronColumn col;
  col.label = std::move(label);
  col.neurons = a.cols();
  col.values.resize(col.neurons * points);
  col.lo.assign(col.neurons, 0.0f);
  col.hi.assign(col.neurons, 0.0f);
  for (std::size_t j = 0; j < col.neurons; ++j) {
    float* map = col.values.data() + j * points;
    for (std::size_t p = 0; p < points; ++p) map[p] = a[p * col.neurons + j];
    const auto [lo, hi] = std::minmax_element(map, map + points);
    col.lo[j] = *lo;
    col.hi[j] = *hi;
  }
  return col;
}

}  // namespace

NeuronMaps compute_neuron_maps(const Sequential& net, const PlaneBounds& bounds, std::size_t cells, Workspace& ws) {
  const std::size_t inputs = shape_size(net.input_shape());
  if (net.input_shape().size() != 1 || (inputs != 1 && inputs != 2))
    throw Error("playground: the neuron maps need a network with 1 or 2 inputs, this one takes " +
                shape_to_string(net.input_shape()));
  if (cells == 0) throw Error("playground: the neuron maps need at least 1 cell");
  const Tensor x = grid_batch(bounds, cells, inputs);
  net.forward(x, ws);
  const std::size_t points = cells * cells;
  NeuronMaps maps;
  maps.cells = cells;
  maps.columns.push_back(column_from(x, points, "inputs"));
  // A Dense opens a column; the layers after it up to the next Dense shape its output.
  for (std::size_t i = 0; i < net.layer_count(); ++i) {
    const auto* dense = dynamic_cast<const Dense*>(&net.layer(i));
    if (!dense) continue;
    std::size_t end = i + 1;
    std::string label = "dense " + std::to_string(dense->options().units);
    while (end < net.layer_count() && !dynamic_cast<const Dense*>(&net.layer(end))) {
      if (net.layer(end).type() != "dropout") label += " · " + net.layer(end).type();
      ++end;
    }
    NeuronColumn col = column_from(ws.activation(end), points, std::move(label));
    col.dense_layer = i;
    maps.columns.push_back(std::move(col));
  }
  return maps;
}

float dense_weight(const Sequential& net, std::size_t layer, std::size_t from, std::size_t to) {
  const auto& dense = dynamic_cast<const Dense&>(net.layer(layer));
  const std::string name = "layers." + std::to_string(layer) + ".weight";
  for (const auto& entry : net.params().entries())
    if (entry.name == name) return net.params().values()[entry.offset + from * dense.options().units + to];
  throw Error("playground: layer " + std::to_string(layer) + " has no weight");
}

}  // namespace nnfs::studio
