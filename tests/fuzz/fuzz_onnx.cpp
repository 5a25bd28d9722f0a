// libFuzzer target: ONNX import (engine/onnx/onnx_import): the protobuf, the graph as a chain,
// every node's attributes and constants. Whatever the bytes, the import returns a network that
// holds finite numbers with a usable input scaling, or one clean one-line nnfs::Error.
#include <cmath>
#include <cstdint>

#include "engine/onnx/onnx_import.h"
#include "tests/fuzz/fuzz_util.h"

using namespace nnfs;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static fuzz::MemFile file("onnx");
  const std::string& path = file.write(data, size);
  fuzz::expect_clean_error([&] {
    const Model m = import_onnx(path);
    if (m.net.layer_count() == 0) fuzz::property_failed("model without layers accepted");
    for (const ParamArena* arena : {&m.net.params(), &m.net.buffers()})
      for (const float v : arena->values())
        if (!std::isfinite(v)) fuzz::property_failed("model holding NaN or infinity accepted");
    if (!std::isfinite(m.input_scaling.scale) || m.input_scaling.scale == 0.0f || !std::isfinite(m.input_scaling.offset))
      fuzz::property_failed("non-finite or zero input scaling accepted");
  });
  return 0;
}
