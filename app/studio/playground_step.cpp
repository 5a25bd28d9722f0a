#include "app/studio/playground_step.h"

#include <cmath>
#include <limits>

#include "engine/core/error.h"
#include "engine/layers/dense.h"
#include "engine/losses/categorical_cross_entropy.h"
#include "engine/losses/loss.h"
#include "engine/model/workspace.h"

namespace nnfs::studio {

namespace {

std::vector<float> to_vector(const Tensor& t) { return {t.data(), t.data() + t.size()}; }

// The arena entry named `name` as [offset, offset + size) of `values`.
std::vector<float> entry_values(const ParamArena& arena, std::span<const float> values, const std::string& name) {
  for (const auto& entry : arena.entries())
    if (entry.name == name) return {values.begin() + static_cast<std::ptrdiff_t>(entry.offset),
                                    values.begin() + static_cast<std::ptrdiff_t>(entry.offset + entry.size)};
  throw Error("playground: the network has no parameter " + name);
}

// The single sample as a batch of one, after checking it fits the network.
Tensor sample_batch(const Sequential& net, const Dataset& data, std::size_t sample) {
  if (sample >= data.count)
    throw Error("playground: sample " + std::to_string(sample) + " is out of range, the set has " +
                std::to_string(data.count));
  const std::size_t d = data.sample_size();
  if (d != shape_size(net.input_shape()) || data.features.size() != data.count * d)
    throw Error("playground: the samples have shape " + shape_to_string(data.sample_shape) +
                ", the network takes " + shape_to_string(net.input_shape()));
  Tensor x({1, d});
  for (std::size_t j = 0; j < d; ++j) x[j] = data.features[sample * d + j];
  return x;
}

// Fills one layer's record from the pass in `ws`; `d_top` is dL/d(output of layer end - 1).
StepLayer layer_record(const Sequential& net, const Workspace& ws, std::size_t i, std::size_t end,
                       const Tensor& d_top, std::span<const float> after) {
  StepLayer layer;
  layer.type = net.layer(i).type();
  layer.input = to_vector(ws.activation(i));
  layer.output = to_vector(ws.activation(i + 1));
  if (i < end) layer.dvalues = to_vector(i + 1 == end ? d_top : ws.input_grad(i + 1));
  if (i > 0 && i < end) layer.dinputs = to_vector(ws.input_grad(i));
  const auto* dense = dynamic_cast<const Dense*>(&net.layer(i));
  if (!dense || i >= end) return layer;
  const std::string prefix = "layers." + std::to_string(i);
  const ParamArena& arena = net.params();
  layer.has_params = true;
  layer.inputs = dense->inputs();
  layer.units = dense->options().units;
  layer.weights = entry_values(arena, arena.values(), prefix + ".weight");
  layer.biases = entry_values(arena, arena.values(), prefix + ".bias");
  layer.dweights = entry_values(arena, ws.grads(), prefix + ".weight");
  layer.dbiases = entry_values(arena, ws.grads(), prefix + ".bias");
  layer.weights_after = entry_values(arena, after, prefix + ".weight");
  layer.biases_after = entry_values(arena, after, prefix + ".bias");
  return layer;
}

}  // namespace

StepTrace trace_step(const Sequential& net, const Dataset& data, std::size_t sample, const std::string& loss_name,
                     const OptimizerConfig& optimizer, const OptimizerState& state) {
  const Tensor x = sample_batch(net, data, sample);
  Workspace ws;
  const Tensor& out = net.forward(x, ws);
  StepTrace trace;
  trace.sample = sample;
  trace.input = to_vector(x);
  trace.output = to_vector(out);
  const std::size_t k = out.cols();
  Tensor target_values({1, k});
  const bool sparse = data.targets.empty();
  if (sparse && data.labels.size() != data.count) throw Error("playground: the set has no labels or targets");
  if (!sparse && data.targets.size() != data.count * k)
    throw Error("playground: the targets have " + std::to_string(data.target_dim) + " values per sample, the network gives " +
                std::to_string(k));
  const Targets targets = sparse ? Targets{{data.labels.data() + sample, 1}, nullptr} : Targets{{}, &target_values};
  for (std::size_t j = 0; j < k; ++j) target_values[j] = sparse ? targets.at(0, j, k) : data.targets[sample * k + j];
  trace.target = to_vector(target_values);

  // The engine's training path: softmax + cross-entropy fused (backward starts at the logits).
  const auto loss = make_loss(loss_name);
  trace.fused = net.ends_in_softmax() && loss->type() == "categorical_crossentropy";
  Tensor d_top({1, k});
  std::size_t end = net.layer_count();
  if (trace.fused) {
    trace.loss = softmax_cross_entropy_backward(out, targets, d_top);
    end = net.layer_count() - 1;
  } else {
    trace.loss = loss->forward(out, targets);
    loss->backward(out, targets, d_top);
  }
  trace.doutput = to_vector(d_top);
  net.backward(d_top, end, ws);

  // The engine's optimizer on a copy of the parameters.
  std::vector<float> after(net.params().values().begin(), net.params().values().end());
  const auto opt = make_optimizer(optimizer);
  trace.fresh_state = !state.fits(*opt, after.size());
  if (!trace.fresh_state) state.restore(*opt, after.size());
  trace.optimizer = to_string(optimizer.type);
  trace.lr = opt->current_lr();
  trace.step = opt->steps() + 1;
  opt->step(after, ws.grads());
  for (std::size_t i = 0; i < net.layer_count(); ++i) trace.layers.push_back(layer_record(net, ws, i, end, d_top, after));
  return trace;
}

std::size_t nearest_sample(const Dataset& data, float x, float y) {
  if (data.sample_size() != 2 || data.features.size() != data.count * 2) return 0;
  std::size_t best = 0;
  float best_d = std::numeric_limits<float>::infinity();
  for (std::size_t n = 0; n < data.count; ++n) {
    const float dx = data.features[2 * n] - x, dy = data.features[2 * n + 1] - y;
    if (dx * dx + dy * dy < best_d) {
      best_d = dx * dx + dy * dy;
      best = n;
    }
  }
  return best;
}

}  // namespace nnfs::studio
