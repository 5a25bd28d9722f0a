// libFuzzer target: the safetensors container (engine/model/safetensors), parsed from memory.
// Whatever parses must survive a round trip: serialize, parse again, same names, shapes, bits
// and metadata.
#include <cstdint>
#include <cstring>
#include <span>

#include "engine/model/safetensors.h"
#include "tests/fuzz/fuzz_util.h"

using namespace nnfs;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto bytes = std::as_bytes(std::span<const std::uint8_t>(data, size));
  fuzz::expect_clean_error([&] {
    const SafetensorsFile first = parse_safetensors(bytes, "fuzz.safetensors");
    const std::vector<std::byte> again = serialize_safetensors(first);
    const SafetensorsFile second = parse_safetensors(again, "round-trip.safetensors");
    if (first.metadata != second.metadata) fuzz::property_failed("metadata changed in a round trip");
    if (first.tensors.size() != second.tensors.size()) fuzz::property_failed("tensor count changed");
    for (std::size_t i = 0; i < first.tensors.size(); ++i) {
      const Tensor& a = first.tensors[i].tensor;
      const Tensor& b = second.tensors[i].tensor;
      if (first.tensors[i].name != second.tensors[i].name || a.shape() != b.shape() ||
          a.size() != b.size() ||
          (a.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) != 0))
        fuzz::property_failed("a tensor changed in a round trip");
    }
  });
  return 0;
}
