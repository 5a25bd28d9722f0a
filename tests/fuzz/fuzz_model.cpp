// libFuzzer target: model files (engine/model/model_file): the safetensors container plus the
// nnfs metadata (format, input shape, architecture JSON, loss, class names, preprocessing).
#include <cstdint>

#include "engine/model/model_file.h"
#include "tests/fuzz/model_properties.h"

using namespace nnfs;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static fuzz::MemFile file("model");
  const std::string& path = file.write(data, size);
  fuzz::expect_clean_error([&] { fuzz::check_model_properties(load_model(path)); });
  return 0;
}
