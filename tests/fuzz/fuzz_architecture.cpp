// libFuzzer target: architecture strings (engine/model/architecture), as typed after --arch.
// Whatever parses must print back to a string that builds the same network (printing is a
// fixed point), and must build (when small enough to allocate here).
#include <cstdint>
#include <string>

#include "engine/model/architecture.h"
#include "engine/model/sequential.h"
#include "tests/fuzz/fuzz_util.h"

using namespace nnfs;

namespace {

// Parameters of the network on 4 inputs, saturating: only small networks are built.
std::uint64_t parameter_count(const nlohmann::json& arch) {
  std::uint64_t inputs = 4, total = 0;
  for (const auto& layer : arch) {
    if (layer.value("type", "") != "dense") continue;
    const std::uint64_t units = layer.value("units", std::uint64_t{0});
    if (units > (1u << 20)) return UINT64_MAX;
    total += inputs * units + units;
    inputs = units;
    if (total > (1u << 24)) return UINT64_MAX;
  }
  return total;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  fuzz::expect_clean_error([&] {
    const nlohmann::json arch = resolve_architecture(text, 1 + size % 10, "--arch");
    // Printing leaves out defaults, so compare printed forms and built networks, not JSON.
    const std::string printed = to_arch_string(arch);
    const nlohmann::json reparsed = parse_architecture(printed, "printed");
    if (to_arch_string(reparsed) != printed)
      fuzz::property_failed("to_arch_string(parse_architecture(s)) differs from s");
    if (default_loss(reparsed) != default_loss(arch)) fuzz::property_failed("loss changed in a round trip");
    if (parameter_count(arch) < (1u << 16)) {
      Sequential net = Sequential::from_architecture({4}, arch);
      net.init(1);
      if (Sequential::from_architecture({4}, reparsed).architecture() != net.architecture())
        fuzz::property_failed("the printed architecture builds a different network");
    }
  });
  return 0;
}
