// libFuzzer target: ONNX import (engine/onnx/onnx_import): the protobuf, the graph as a chain,
// every node's attributes and constants. Whatever the bytes, the import returns a network that
// holds finite numbers with a usable input scaling, or one clean one-line nnfs::Error.
#include <cstdint>

#include "engine/onnx/onnx_import.h"
#include "tests/fuzz/model_properties.h"

using namespace nnfs;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static fuzz::MemFile file("onnx");
  const std::string& path = file.write(data, size);
  fuzz::expect_clean_error([&] { fuzz::check_model_properties(import_onnx(path)); });
  return 0;
}
