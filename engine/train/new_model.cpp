#include "engine/train/new_model.h"

#include <algorithm>

#include "engine/core/error.h"
#include "engine/losses/loss.h"
#include "engine/model/architecture.h"
#include "engine/train/metrics.h"

namespace nnfs {

namespace {

// The layer that produces the outputs at inference (dropout passes values through).
std::string output_layer(const Sequential& net) {
  for (std::size_t i = net.layer_count(); i-- > 0;)
    if (net.layer(i).type() != "dropout") return net.layer(i).type();
  return "dropout";
}

void check_outputs_fit(const Model& m, const Dataset& data) {
  const std::size_t k = shape_size(m.net.output_shape());
  const std::string outputs = "the model has " + std::to_string(k) + " output" + (k == 1 ? "" : "s");
  const Task task = task_for_loss(m.loss);
  if (!data.targets.empty()) {
    const std::size_t d = data.target_dim;
    if (task == Task::Classification)
      throw Error(data.source + " has regression targets, but categorical_crossentropy needs class labels "
                  "(use mse or mae)");
    if (k != d)
      throw Error(outputs + " but " + data.source + " has " + std::to_string(d) + " target" + (d == 1 ? "" : "s") +
                  " per sample: end the architecture with dense:" + std::to_string(d));
    return;
  }
  if (data.labels.empty()) throw Error(data.source + ": training needs labels or targets");
  const auto top = *std::max_element(data.labels.begin(), data.labels.end());
  const std::size_t c = std::max(data.num_classes(), static_cast<std::size_t>(std::max(top, 0)) + 1);
  const std::string classes = data.source + " has " + std::to_string(c) + " classes";
  if (task == Task::Classification && k != c)
    throw Error(outputs + " but " + classes + ": end the architecture with dense:" + std::to_string(c) + ",softmax");
  if (task == Task::Binary && !(k == c || (k == 1 && c == 2)))
    throw Error(outputs + " but " + classes + ": binary cross-entropy takes one sigmoid output for 2 classes "
                "(labels 0/1) or one output per class");
  if (task == Task::Regression && !(k == c || k == 1))
    throw Error(outputs + " but " + classes + ": regression on labels takes one output (the label's value) or "
                "one per class (one-hot)");
}

}  // namespace

Model new_model(const nlohmann::json& architecture, const Dataset& data, const std::string& loss,
                std::uint64_t seed) {
  Model m;
  m.net = Sequential::from_architecture(data.sample_shape, architecture);
  m.loss = make_loss(loss.empty() ? default_loss(architecture) : loss)->type();
  const std::string last = output_layer(m.net);
  if (task_for_loss(m.loss) != Task::Regression && last != "softmax" && last != "sigmoid")
    throw Error(m.loss + " needs probabilities, but the model ends with '" + last +
                "': end the architecture with softmax (classes) or sigmoid (binary)");
  check_outputs_fit(m, data);
  m.class_names = data.class_names;
  m.net.init(seed);
  return m;
}

}  // namespace nnfs
