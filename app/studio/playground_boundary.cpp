#include "app/studio/playground_boundary.h"

#include <algorithm>
#include <cmath>

#include "engine/core/error.h"

namespace nnfs::studio {

namespace {

// Class and confidence of one output row of K values: the argmax of the probabilities, which are
// the row itself after a softmax, softmax(row) otherwise, and (1 − p, p) for a single output p.
void classify_row(const float* row, std::size_t k, bool probabilities, int& label, float& confidence) {
  if (k == 1) {
    const float p = std::clamp(row[0], 0.0f, 1.0f);
    label = p >= 0.5f ? 1 : 0;
    confidence = label == 1 ? p : 1.0f - p;
    return;
  }
  const std::size_t best = static_cast<std::size_t>(std::max_element(row, row + k) - row);
  label = static_cast<int>(best);
  if (probabilities) {
    confidence = row[best];
    return;
  }
  // softmax(z)_best = 1 / Σⱼ exp(zⱼ − z_best)
  double sum = 0.0;
  for (std::size_t j = 0; j < k; ++j) sum += std::exp(static_cast<double>(row[j]) - row[best]);
  confidence = static_cast<float>(1.0 / sum);
}

}  // namespace

PlaneBounds plane_bounds(const Dataset& data) {
  if (data.count == 0 || data.features.size() != data.count * 2)
    throw Error("playground: the plane needs points with 2 features, got " + shape_to_string(data.sample_shape));
  float x0 = data.features[0], x1 = x0, y0 = data.features[1], y1 = y0;
  for (std::size_t n = 0; n < data.count; ++n) {
    x0 = std::min(x0, data.features[2 * n]);
    x1 = std::max(x1, data.features[2 * n]);
    y0 = std::min(y0, data.features[2 * n + 1]);
    y1 = std::max(y1, data.features[2 * n + 1]);
  }
  const float mx = x1 > x0 ? 0.1f * (x1 - x0) : 0.5f, my = y1 > y0 ? 0.1f * (y1 - y0) : 0.5f;
  return {x0 - mx, x1 + mx, y0 - my, y1 + my};
}

BoundaryGrid compute_boundary(const Sequential& net, const PlaneBounds& bounds, std::size_t cells, Workspace& ws) {
  if (net.input_shape() != Shape{2})
    throw Error("playground: the boundary needs a network with 2 inputs, this one takes " +
                shape_to_string(net.input_shape()));
  if (cells == 0) throw Error("playground: the boundary needs at least 1 cell");
  Tensor x({cells * cells, 2});
  const float dx = (bounds.x1 - bounds.x0) / static_cast<float>(cells);
  const float dy = (bounds.y1 - bounds.y0) / static_cast<float>(cells);
  for (std::size_t r = 0; r < cells; ++r)
    for (std::size_t c = 0; c < cells; ++c) {
      float* p = x.data() + 2 * (r * cells + c);
      p[0] = bounds.x0 + (static_cast<float>(c) + 0.5f) * dx;
      p[1] = bounds.y1 - (static_cast<float>(r) + 0.5f) * dy;  // row 0 at the top
    }
  net.prepare(ws, cells * cells, Sequential::Use::Inference);
  const Tensor& out = net.forward(x, ws);
  const std::size_t k = out.size() / (cells * cells);
  BoundaryGrid grid{cells, bounds, std::vector<int>(cells * cells), std::vector<float>(cells * cells)};
  for (std::size_t i = 0; i < cells * cells; ++i)
    classify_row(out.data() + i * k, k, net.ends_in_softmax(), grid.label[i], grid.confidence[i]);
  return grid;
}

std::vector<float> fitted_curve(const Sequential& net, float x0, float x1, std::size_t samples, Workspace& ws) {
  if (net.input_shape() != Shape{1})
    throw Error("playground: the fitted curve needs a network with 1 input, this one takes " +
                shape_to_string(net.input_shape()));
  if (samples < 2) throw Error("playground: the fitted curve needs at least 2 samples");
  Tensor x({samples, 1});
  for (std::size_t i = 0; i < samples; ++i)
    x.data()[i] = x0 + (x1 - x0) * static_cast<float>(i) / static_cast<float>(samples - 1);
  net.prepare(ws, samples, Sequential::Use::Inference);
  const Tensor& out = net.forward(x, ws);
  const std::size_t k = out.size() / samples;
  std::vector<float> y(samples);
  for (std::size_t i = 0; i < samples; ++i) y[i] = out.data()[i * k];
  return y;
}

}  // namespace nnfs::studio
