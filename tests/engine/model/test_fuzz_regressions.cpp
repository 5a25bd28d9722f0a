// Inputs the fuzzers (tests/fuzz) found crashing or misbehaving, kept as regression tests: each
// must now end in a one-line nnfs::Error. The crashing inputs themselves are also in the seed
// corpora (tests/fuzz/corpus/<target>/regress-*), so the fuzz smoke run replays them.
#include <catch2/catch.hpp>
#include <cstdint>
#include <span>
#include <string>

#include "engine/model/model_file.h"
#include "engine/model/safetensors.h"
#include "support/fixtures.h"
#include "support/temp_dir.h"

using namespace nnfs;

namespace {

std::vector<std::byte> safetensors_bytes(const std::string& header) {
  std::vector<std::byte> out;
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<std::byte>((header.size() >> (8 * i)) & 0xff));
  for (char c : header) out.push_back(static_cast<std::byte>(c));
  return out;
}

}  // namespace

TEST_CASE("fuzz regression: a number beyond double range in a safetensors header", "[model][fuzz]") {
  // fuzz_safetensors: nlohmann::json throws out_of_range (not parse_error) for 1E400, which
  // escaped the reader as an internal error.
  const auto bytes = safetensors_bytes(R"({"w":{"dtype":"F32","shape":[29999999E9999999],"data_offsets":[0,0]}})");
  CHECK_THAT(test::error_message([&] { parse_safetensors(bytes, "n.safetensors"); }),
             Catch::StartsWith("n.safetensors: byte 8: header is not valid JSON: number overflow parsing '29999999E9999999'"));
}

TEST_CASE("fuzz regression: a number beyond double range in model metadata", "[model][fuzz]") {
  test::TempDir dir;
  Model m = test::small_classifier({2}, 3, 2, 1);
  SafetensorsFile file = model_to_safetensors(m);
  file.metadata["nnfs.preprocessing"] = R"({"pixel_scale": 1E400, "pixel_offset": 0})";
  const std::string path = dir.file("m.safetensors");
  save_safetensors(path, file);
  CHECK(test::error_message([&] { load_model(path); }) ==
        path + ": metadata 'nnfs.preprocessing' is not valid JSON (a number is out of range)");
}
