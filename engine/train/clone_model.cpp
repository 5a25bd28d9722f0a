#include "engine/train/clone_model.h"

namespace nnfs {

Model clone_model(const Model& model, bool with_training_record) {
  Model copy;
  copy.net = model.net.clone();
  copy.loss = model.loss;
  copy.class_names = model.class_names;
  copy.input_scaling = model.input_scaling;
  if (with_training_record) copy.training = model.training;
  return copy;
}

}  // namespace nnfs
