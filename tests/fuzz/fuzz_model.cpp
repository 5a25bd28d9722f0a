// libFuzzer target: model files (engine/model/model_file): the safetensors container plus the
// nnfs metadata (format, input shape, architecture JSON, loss, class names, preprocessing).
#include <cmath>
#include <cstdint>

#include "engine/model/model_file.h"
#include "tests/fuzz/fuzz_util.h"

using namespace nnfs;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static fuzz::MemFile file("model");
  const std::string& path = file.write(data, size);
  fuzz::expect_clean_error([&] {
    const Model m = load_model(path);
    if (m.net.layer_count() == 0) fuzz::property_failed("model without layers accepted");
    for (const ParamArena* arena : {&m.net.params(), &m.net.buffers()})
      for (const float v : arena->values())
        if (!std::isfinite(v)) fuzz::property_failed("model holding NaN or infinity accepted");
    if (!std::isfinite(m.input_scaling.scale) || m.input_scaling.scale == 0.0f || !std::isfinite(m.input_scaling.offset))
      fuzz::property_failed("non-finite or zero input scaling accepted");
  });
  return 0;
}
