// What every model a reader accepts must hold, whichever file format it came from (fuzz_model,
// fuzz_onnx): at least one layer, finite parameters and buffers, a finite non-zero input scaling.
#pragma once

#include <cmath>

#include "engine/model/model.h"
#include "tests/fuzz/fuzz_util.h"

namespace nnfs::fuzz {

inline void check_model_properties(const Model& m) {
  if (m.net.layer_count() == 0) property_failed("model without layers accepted");
  for (const ParamArena* arena : {&m.net.params(), &m.net.buffers()})
    for (const float v : arena->values())
      if (!std::isfinite(v)) property_failed("model holding NaN or infinity accepted");
  if (!std::isfinite(m.input_scaling.scale) || m.input_scaling.scale == 0.0f || !std::isfinite(m.input_scaling.offset))
    property_failed("non-finite or zero input scaling accepted");
}

}  // namespace nnfs::fuzz
