// Inputs the fuzzers (tests/fuzz) found crashing or misbehaving, kept as regression tests: each
// must now end in a one-line nnfs::Error. The crashing inputs themselves are also in the seed
// corpora (tests/fuzz/corpus/<target>/regress-*), so the fuzz smoke run replays them.
#include <catch2/catch.hpp>
#include <cstdint>
#include <span>
#include <string>

#include "engine/data/image.h"
#include "engine/model/architecture.h"
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

TEST_CASE("fuzz regression: a newline inside an architecture token stays on one line", "[model][fuzz]") {
  // fuzz_architecture: the bad token was quoted as is, so the error spanned two lines.
  const std::string message = test::error_message([] { parse_architecture("dense:64:ini\nt=02,dense:1", "--arch"); });
  CHECK(message.find('\n') == std::string::npos);
  CHECK_THAT(message, Catch::StartsWith("--arch: token 1 'dense:64:ini\\nt=02'"));
}

TEST_CASE("fuzz regression: a PNG stb_image cannot decode gives a one-line reason", "[data][fuzz]") {
  // fuzz_image (tests/fuzz/corpus/image/regress-no-decoder-reason.png): a 12x10 RGBA PNG whose
  // pixel data does not decode; stb_image's failure reason for it was not a usable line.
  const std::vector<std::uint8_t> png = {
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
      0x00, 0x00, 0x00, 0x0c, 0x00, 0x00, 0x00, 0x0a, 0x08, 0x06, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
      0x00, 0x00, 0x00, 0x0c, 0x00, 0x0a, 0x00, 0x08, 0x00, 0x8b, 0xff, 0xd9, 0xff, 0x82, 0xff, 0x81,
      0x00, 0x86, 0xff, 0x84, 0xff, 0x02, 0x00, 0x00, 0x80, 0x2c, 0xbf, 0xfa, 0x00, 0x00, 0x00, 0x17,
      0x49, 0x44, 0x41, 0x54, 0x78, 0x5e, 0x63, 0xa0, 0x2f, 0xf8, 0x0f, 0x05, 0x24, 0xdb, 0x0a, 0xd2,
      0x37, 0xdc, 0x34, 0xd1, 0x37, 0xe8, 0x01, 0xb4, 0xa4, 0x17, 0xe9, 0x1e, 0x79, 0xbe, 0xc3, 0x00,
      0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82};
  const std::string message = test::error_message([&] { decode_image(png, "bad.png"); });
  CHECK(message.find('\n') == std::string::npos);
  CHECK_THAT(message, Catch::StartsWith("bad.png: "));
}
