#include "engine/train/evaluate.h"

#include <algorithm>
#include <cstdint>

#include "engine/core/error.h"
#include "engine/losses/loss.h"
#include "engine/train/metrics.h"

namespace nnfs {

void check_compatible(const Model& model, const Dataset& data) {
  const std::size_t in = shape_size(model.net.input_shape());
  if (data.sample_size() != in)
    throw Error(data.source + ": samples have " + std::to_string(data.sample_size()) +
                " values but the model expects " + std::to_string(in) + " " +
                shape_to_string(model.net.input_shape()));
  const std::size_t outputs = shape_size(model.net.output_shape());
  const Task task = task_for_loss(model.loss);
  if (!data.targets.empty()) {
    if (task == Task::Classification)
      throw Error(data.source + ": regression targets, but the model's loss " + model.loss + " needs class labels");
    if (data.target_dim != outputs)
      throw Error(data.source + ": samples have " + std::to_string(data.target_dim) + " targets but the model has " +
                  std::to_string(outputs) + " outputs");
  }
  // Labels index the outputs (one-hot), except for a single output: binary cross-entropy reads
  // the label as the 0/1 target, regression as the target value.
  const bool single = outputs == 1 && task != Task::Classification;
  const std::size_t limit = !single ? outputs : task == Task::Binary ? 2 : SIZE_MAX;
  for (std::size_t i = 0; i < data.labels.size(); ++i)
    if (data.labels[i] < 0 || static_cast<std::size_t>(data.labels[i]) >= limit)
      throw Error(data.source + ": sample " + std::to_string(i + 1) + " has label " + std::to_string(data.labels[i]) +
                  (single ? " but a single sigmoid output needs labels 0 or 1"
                          : " but the model has " + std::to_string(outputs) + " classes"));
}

std::size_t evaluation_batch(const Sequential& net) {
  std::size_t floats = shape_size(net.input_shape());
  for (std::size_t i = 0; i < net.layer_count(); ++i) floats += shape_size(net.shape_after(i));
  const std::size_t fit = kEvaluationBytes / (std::max<std::size_t>(floats, 1) * sizeof(float));
  return std::clamp<std::size_t>(fit, 1, kEvaluationBatch);
}

Tensor predict(const Model& model, const Dataset& data, std::size_t batch, Workspace* ws) {
  check_compatible(model, data);
  if (batch == 0) batch = evaluation_batch(model.net);
  const std::size_t outputs = shape_size(model.net.output_shape());
  Tensor all({data.count, outputs});
  std::vector<std::size_t> idx;
  Tensor x;
  Workspace own;
  Workspace& pass = ws ? *ws : own;
  for (std::size_t start = 0; start < data.count; start += batch) {
    const std::size_t n = std::min(batch, data.count - start);
    idx.resize(n);
    for (std::size_t i = 0; i < n; ++i) idx[i] = start + i;
    gather_batch(data, idx, x, model.input_scaling);
    const Tensor& y = model.net.forward(x, pass);
    std::copy(y.data(), y.data() + n * outputs, all.data() + start * outputs);
  }
  return all;
}

Evaluation evaluate(const Model& model, const Dataset& data, std::size_t batch, Workspace* ws) {
  return evaluate_outputs(model, data, predict(model, data, batch, ws));
}

Evaluation evaluate_outputs(const Model& model, const Dataset& data, const Tensor& probs) {
  Evaluation ev;
  ev.count = data.count;
  const std::size_t k = probs.cols();
  const Task task = task_for_loss(model.loss);
  // The predicted class: argmax of the probabilities, or [p > 0.5] for one sigmoid output.
  const bool one_sigmoid = task == Task::Binary && k == 1;
  if (task == Task::Classification || one_sigmoid) {
    ev.predicted.resize(data.count);
    for (std::size_t r = 0; r < data.count; ++r)
      ev.predicted[r] = one_sigmoid ? probs[r] > 0.5f : static_cast<std::int32_t>(argmax_row(probs.data() + r * k, k));
  }
  if (!data.labelled() || data.count == 0) return ev;

  Tensor target_values;
  Targets targets{data.labels, nullptr};
  if (!data.targets.empty()) {
    target_values.resize({data.count, data.target_dim});
    std::copy(data.targets.begin(), data.targets.end(), target_values.data());
    targets = {{}, &target_values};
  }
  ev.loss = make_loss(model.loss)->forward(probs, targets);
  if (task == Task::Regression) ev.precision = regression_precision(data);
  const Hits hits = count_hits(task, probs, targets, static_cast<float>(ev.precision));
  ev.accuracy = hits.total ? static_cast<double>(hits.correct) / static_cast<double>(hits.total) : 0.0;
  if (!ev.predicted.empty() && !data.labels.empty()) {
    const std::size_t classes = one_sigmoid ? 2 : k;
    ev.confusion.assign(classes, std::vector<std::size_t>(classes, 0));
    for (std::size_t r = 0; r < data.count; ++r)
      ++ev.confusion[static_cast<std::size_t>(data.labels[r])][static_cast<std::size_t>(ev.predicted[r])];
  }
  return ev;
}

}  // namespace nnfs
