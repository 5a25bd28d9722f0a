// Model files: a Model as .safetensors (layout in docs/MODEL_FORMAT.md).
//
// Tensors are the parameter arena's entries ("layers.0.weight" [D, K], "layers.0.bias" [K], ...)
// followed by the buffers (BatchNorm's "layers.3.running_mean" [C], "layers.3.running_var" [C]);
// __metadata__ holds JSON strings that let our loader rebuild the network:
//   nnfs.format        "1"
//   nnfs.architecture  [{"type":"dense","units":128,"init":"he"}, {"type":"relu"}, ...]
//   nnfs.input_shape   [28, 28]
//   nnfs.loss          "categorical_crossentropy"
//   nnfs.class_names   ["0", "1", ...]
//   nnfs.preprocessing {"input": "pixels", "scale": 0.00392156886}   (x = pixel / 255)
//   nnfs.training      {"dataset": ..., "config": ..., "history": [...], "test_accuracy": ...}
// Nothing time-dependent is stored, so the same training run always writes the same bytes.
#pragma once

#include <string>

#include "engine/model/model.h"
#include "engine/model/safetensors.h"

namespace nnfs {

// Atomic: an existing file is replaced only once the new one is complete.
void save_model(const std::string& path, const Model& model);

// Validates the container and then the contents against the architecture (every tensor present,
// shapes equal, nothing extra). Throws nnfs::Error naming the file and the problem.
Model load_model(const std::string& path);

// The same without the file: the container save_model writes, and load_model's checks on one
// (`path` names it in messages). A checkpoint reads as the model it holds.
SafetensorsFile model_to_safetensors(const Model& model);
Model model_from_safetensors(SafetensorsFile file, const std::string& path);

}  // namespace nnfs
