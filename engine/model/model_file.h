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

// Limits on nnfs.preprocessing (x = pixel·scale + offset): outside them the inputs are
// meaningless (a zero scale makes every image the same) or overflow, so the file is refused.
inline constexpr double kMinPixelScale = 1e-6;
inline constexpr double kMaxPixelScale = 1e3;
inline constexpr double kMaxPixelOffset = 1e6;

// Atomic: an existing file is replaced only once the new one is complete. A model holding NaN or
// infinity (training diverged) is refused, "m.safetensors: cannot save: tensor 'layers.0.weight':
// value 17 is NaN; a model must hold finite numbers", and nothing is written.
void save_model(const std::string& path, const Model& model);

// Throws "<where>: value I is NaN; a model must hold finite numbers" (or +Inf, -Inf) for the first
// value that is not finite. check_model_finite runs it on every parameter and buffer, naming each
// tensor after `where`, and check_scaling on the input scaling.
void check_finite(const float* values, std::size_t n, const std::string& where);
void check_scaling(double scale, double offset, const std::string& where);
void check_model_finite(const Model& model, const std::string& where);

// Validates the container and then the contents against the architecture (every tensor present,
// shapes equal, nothing extra, at most kMaxLayers layers, every value finite, the input scaling
// within the limits above). Throws nnfs::Error naming the file and the problem.
Model load_model(const std::string& path);

// The same without the file: the container save_model writes, and load_model's checks on one
// (`path` names it in messages). A checkpoint reads as the model it holds.
SafetensorsFile model_to_safetensors(const Model& model);
Model model_from_safetensors(SafetensorsFile file, const std::string& path);

}  // namespace nnfs
