// clone_model: a deep copy of a model, for a reader that must not share the trainer's.
#pragma once

#include "engine/model/model.h"

namespace nnfs {

// Same architecture, weights, loss, class names, scaling and (unless told not to: weights copies
// for prediction skip it) the training record.
Model clone_model(const Model& model, bool with_training_record = true);

}  // namespace nnfs
