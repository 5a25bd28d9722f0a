#include <sys/stat.h>

#include <bit>
#include <catch2/catch.hpp>
#include <cstring>
#include <filesystem>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "engine/core/error.h"
#include "engine/model/safetensors.h"
#include "engine/util/atomic_file.h"
#include "support/temp_dir.h"

namespace fs = std::filesystem;
using nnfs::NamedTensor;
using nnfs::SafetensorsFile;
using nnfs::Tensor;
using nnfs::test::TempDir;
using Bytes = std::vector<unsigned char>;

namespace {

// ---- hand-crafting files ------------------------------------------------------------------------

void append_u64_le(Bytes& out, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<unsigned char>(v >> (8 * i)));
}

Bytes f32_le(std::initializer_list<float> values) {
  Bytes out;
  for (float f : values) {
    const auto u = std::bit_cast<std::uint32_t>(f);
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<unsigned char>(u >> (8 * i)));
  }
  return out;
}

Bytes zeros(std::size_t n) { return Bytes(n, 0); }

// [u64 header length][header][data]; the length is header.size() unless given.
Bytes make_file(const std::string& header, const Bytes& data,
                std::optional<std::uint64_t> length = std::nullopt) {
  Bytes out;
  append_u64_le(out, length.value_or(header.size()));
  out.insert(out.end(), header.begin(), header.end());
  out.insert(out.end(), data.begin(), data.end());
  return out;
}

// The one-line message of loading `bytes` from a file called bad.safetensors.
std::string load_error(const Bytes& bytes) {
  TempDir dir;
  const std::string path = dir.write_bytes("bad.safetensors", bytes);
  try {
    nnfs::load_safetensors(path);
  } catch (const nnfs::Error& e) {
    const std::string message = e.what();
    CHECK_THAT(message, Catch::StartsWith(path + ": "));
    CHECK(message.find('\n') == std::string::npos);
    return message.substr(path.size() + 2);  // the part after "<path>: "
  }
  FAIL("loading did not throw nnfs::Error");
  return {};
}

std::string tensor_json(const std::string& dtype, const std::string& shape,
                        const std::string& offsets) {
  return "{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":" + offsets + "}";
}

bool same_bits(const Tensor& a, const Tensor& b) {
  return a.shape() == b.shape() && a.size() == b.size() &&
         (a.size() == 0 || std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0);
}

std::vector<std::byte> as_bytes(const Bytes& b) {
  std::vector<std::byte> out(b.size());
  std::memcpy(out.data(), b.data(), b.size());
  return out;
}

SafetensorsFile sample_file() {
  SafetensorsFile f;
  f.metadata["nnfs.architecture"] = R"([{"type":"dense","units":128}])";
  f.metadata["note"] = "unicode ✓ \"quotes\" \\ and\nnewline";
  f.metadata["empty"] = "";
  Tensor w({3, 4});
  for (std::size_t i = 0; i < w.size(); ++i) w[i] = static_cast<float>(i) * 0.1f - 0.5f;
  // Values whose bits a sloppy float round trip would change.
  Tensor special({8});
  special[0] = std::bit_cast<float>(0x7fc12345u);  // quiet NaN with a payload
  special[1] = std::bit_cast<float>(0xff812345u);  // negative signalling-pattern NaN
  special[2] = -0.0f;
  special[3] = std::numeric_limits<float>::infinity();
  special[4] = -std::numeric_limits<float>::infinity();
  special[5] = std::numeric_limits<float>::denorm_min();
  special[6] = std::numeric_limits<float>::max();
  special[7] = 1.0f / 3.0f;
  f.tensors.push_back({"layers.0.weight", w});
  f.tensors.push_back({"special", special});
  f.tensors.push_back({"empty_rows", Tensor({0, 5})});
  f.tensors.push_back({"a_bias", Tensor({4}, {1.f, 2.f, 3.f, 4.f})});
  return f;
}

}  // namespace

// ---- writing and round trips ------------------------------------------------------------------

TEST_CASE("safetensors round trip keeps tensors bit-identical, in order, with metadata",
          "[model]") {
  TempDir dir;
  const std::string path = dir.file("model.safetensors");
  const SafetensorsFile original = sample_file();
  nnfs::save_safetensors(path, original);

  const SafetensorsFile loaded = nnfs::load_safetensors(path);
  CHECK(loaded.metadata == original.metadata);
  REQUIRE(loaded.tensors.size() == original.tensors.size());
  for (std::size_t i = 0; i < original.tensors.size(); ++i) {
    INFO(original.tensors[i].name);
    CHECK(loaded.tensors[i].name == original.tensors[i].name);
    CHECK(same_bits(loaded.tensors[i].tensor, original.tensors[i].tensor));
  }
  // Saving what was loaded reproduces the file byte for byte.
  const std::vector<std::byte> first = nnfs::read_file(path);
  CHECK(nnfs::serialize_safetensors(loaded) == first);
  CHECK(nnfs::serialize_safetensors(original) == first);
}

TEST_CASE("safetensors layout: LE length, padded JSON header, contiguous data in given order",
          "[model]") {
  const SafetensorsFile f = sample_file();
  const std::vector<std::byte> bytes = nnfs::serialize_safetensors(f);
  REQUIRE(bytes.size() >= 8);
  std::uint64_t n = 0;
  for (int i = 7; i >= 0; --i) n = (n << 8) | std::to_integer<std::uint64_t>(bytes[i]);
  CHECK(n % 8 == 0);
  REQUIRE(8 + n <= bytes.size());
  const std::string header(reinterpret_cast<const char*>(bytes.data() + 8), n);
  CHECK(header.front() == '{');
  CHECK(header.find_last_not_of(' ') == header.rfind('}'));

  const auto j = nlohmann::json::parse(header);
  CHECK(j["__metadata__"]["nnfs.architecture"] == R"([{"type":"dense","units":128}])");
  std::uint64_t offset = 0;
  for (const NamedTensor& nt : f.tensors) {
    INFO(nt.name);
    const auto& e = j.at(nt.name);
    CHECK(e.size() == 3);
    CHECK(e["dtype"] == "F32");
    CHECK(e["shape"].get<std::vector<std::size_t>>() == nt.tensor.shape());
    const auto offsets = e["data_offsets"].get<std::vector<std::uint64_t>>();
    REQUIRE(offsets.size() == 2);
    CHECK(offsets[0] == offset);
    CHECK(offsets[1] == offset + nt.tensor.size() * 4);
    // The raw bytes are the little-endian floats.
    for (std::size_t i = 0; i < nt.tensor.size(); ++i) {
      std::uint32_t u = 0;
      for (int b = 3; b >= 0; --b)
        u = (u << 8) | std::to_integer<std::uint32_t>(bytes[8 + n + offset + i * 4 + b]);
      CHECK(u == std::bit_cast<std::uint32_t>(nt.tensor[i]));
    }
    offset = offsets[1];
  }
  CHECK(8 + n + offset == bytes.size());
}

TEST_CASE("a file with no tensors and no metadata is the padded header {}", "[model]") {
  const std::vector<std::byte> bytes = nnfs::serialize_safetensors(SafetensorsFile{});
  const Bytes expected = make_file("{}      ", {});
  CHECK(bytes == as_bytes(expected));
  const SafetensorsFile back = nnfs::parse_safetensors(bytes, "mem");
  CHECK(back.tensors.empty());
  CHECK(back.metadata.empty());
}

TEST_CASE("a hand-written file in the reference layout loads, tensors come back in data order",
          "[model]") {
  // Header keys in a different order from the data, unpadded, no metadata: all allowed.
  const std::string header = "{\"z\":" + tensor_json("F32", "[2]", "[0,8]") +
                             ",\"a\":" + tensor_json("F32", "[1,1]", "[8,12]") +
                             ",\"e\":" + tensor_json("F32", "[0]", "[12,12]") + "}";
  Bytes data = f32_le({1.5f, -2.0f});
  const Bytes tail = f32_le({42.0f});
  data.insert(data.end(), tail.begin(), tail.end());
  const SafetensorsFile f = nnfs::parse_safetensors(as_bytes(make_file(header, data)), "mem");
  REQUIRE(f.tensors.size() == 3);
  CHECK(f.tensors[0].name == "z");
  CHECK(f.tensors[1].name == "a");
  CHECK(f.tensors[2].name == "e");
  REQUIRE(f.find("z") != nullptr);
  CHECK(f.find("z")->shape() == nnfs::Shape{2});
  CHECK((*f.find("z"))[0] == 1.5f);
  CHECK((*f.find("z"))[1] == -2.0f);
  CHECK(f.find("a")->at(0, 0) == 42.0f);
  CHECK(f.find("e")->size() == 0);
  CHECK(f.find("missing") == nullptr);
}

TEST_CASE("saving twice replaces the file atomically", "[model]") {
  TempDir dir;
  const std::string path = dir.file("m.safetensors");
  SafetensorsFile f = sample_file();
  nnfs::save_safetensors(path, f);
  f.tensors.resize(1);
  f.tensors[0].tensor[0] = 123.0f;
  f.metadata = {{"version", "2"}};
  nnfs::save_safetensors(path, f);
  const SafetensorsFile back = nnfs::load_safetensors(path);
  REQUIRE(back.tensors.size() == 1);
  CHECK(back.tensors[0].tensor[0] == 123.0f);
  CHECK(back.metadata == std::map<std::string, std::string>{{"version", "2"}});
  CHECK(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()) == 1);
}

TEST_CASE("a failed save names the path and the reason and keeps the old file", "[model]") {
  TempDir dir;
  SECTION("directory cannot hold the file") {
    const std::string blocker = dir.write_text("blocker", "x");
    const std::string path = blocker + "/m.safetensors";
    CHECK_THROWS_WITH(nnfs::save_safetensors(path, sample_file()),
                      Catch::StartsWith(path + ": cannot create temporary file") &&
                          Catch::EndsWith("Not a directory"));
  }
  SECTION("invalid content is refused before anything is written") {
    const std::string path = dir.file("m.safetensors");
    nnfs::save_safetensors(path, sample_file());
    const std::vector<std::byte> before = nnfs::read_file(path);
    SafetensorsFile bad = sample_file();
    std::string expected;
    SECTION("duplicate name") {
      bad.tensors.push_back({"special", Tensor({1})});
      expected = "duplicate tensor name 'special'";
    }
    SECTION("reserved name") {
      bad.tensors.push_back({"__metadata__", Tensor({1})});
      expected = "tensor name '__metadata__' is reserved";
    }
    SECTION("rank 0") {
      bad.tensors.push_back({"scalar", Tensor()});
      expected = "tensor 'scalar' has no shape";
    }
    SECTION("invalid UTF-8") {
      bad.tensors.push_back({"bad\xff", Tensor({1})});
      expected = "not valid UTF-8";
    }
    CHECK_THROWS_WITH(nnfs::save_safetensors(path, bad),
                      Catch::StartsWith(path + ": cannot save: ") && Catch::Contains(expected));
    CHECK_THROWS_WITH(nnfs::serialize_safetensors(bad), Catch::Contains(expected));
    CHECK(nnfs::read_file(path) == before);
    CHECK(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()) == 1);
  }
}

// ---- every kind of bad input --------------------------------------------------------------------

TEST_CASE("safetensors: too short, or a header length that does not fit", "[model]") {
  CHECK_THAT(load_error({}),
             Catch::Contains("file is 0 bytes, too short for the 8-byte header length"));
  CHECK_THAT(load_error({1, 2, 3, 4, 5}), Catch::Contains("file is 5 bytes"));
  CHECK_THAT(
      load_error(make_file("{}", {}, 3)),
      Catch::Equals("byte 0: header length 3 runs past the end of the file (only 2 bytes follow)"));
  CHECK_THAT(
      load_error(make_file("{}", {}, std::uint64_t{1} << 40)),
      Catch::Contains(
          "byte 0: header length 1099511627776 is larger than the limit of 100000000 bytes"));
  CHECK_THAT(load_error(make_file("{}", {}, UINT64_MAX)),
             Catch::Contains("is larger than the limit"));
  CHECK_THAT(load_error(make_file("", {})),
             Catch::Equals("byte 8: header length is 0, expected a JSON object"));
}

TEST_CASE("safetensors: header that is not a JSON object", "[model]") {
  // 'x' is at header byte 6, file byte 14.
  CHECK_THAT(load_error(make_file("{\"a\": x}", {})),
             Catch::StartsWith("byte 14: header is not valid JSON: "));
  CHECK_THAT(load_error(make_file("{\"a\": 1", {})), Catch::Contains("header is not valid JSON"));
  CHECK_THAT(load_error(make_file("{} x", {})),
             Catch::StartsWith("byte 11: header is not valid JSON") &&
                 Catch::Contains("expected end of input"));
  CHECK_THAT(load_error(make_file("[1, 2]", {})),
             Catch::Equals("byte 8: header must be a JSON object starting with '{', found '['"));
  CHECK_THAT(load_error(make_file(" {}", {})), Catch::Contains("starting with '{', found ' '"));
  CHECK_THAT(load_error(make_file(std::string("{\"\xff\":1}"), {})),
             Catch::Contains("header is not valid JSON") && Catch::Contains("UTF-8"));
  // Control bytes in the input never reach the message raw.
  const std::string msg = load_error(make_file(std::string("{\"a\":\x01}"), {}));
  CHECK(msg.find('\x01') == std::string::npos);
}

TEST_CASE("safetensors: __metadata__ must map strings to strings", "[model]") {
  CHECK_THAT(load_error(make_file(R"({"__metadata__": 5})", {})),
             Catch::Equals("\"__metadata__\" is number, expected an object of string values"));
  CHECK_THAT(load_error(make_file(R"({"__metadata__": null})", {})), Catch::Contains("is null"));
  CHECK_THAT(load_error(make_file(R"({"__metadata__": {"ok": "x", "epochs": 5}})", {})),
             Catch::Equals("\"__metadata__\" key 'epochs' holds number, expected a string"));
  CHECK_THAT(load_error(make_file(R"({"__metadata__": {"k": {"nested": "x"}}})", {})),
             Catch::Contains("key 'k' holds object, expected a string"));
}

TEST_CASE("safetensors: only F32 is supported and the message says what was found", "[model]") {
  const std::string header = "{\"a\":" + tensor_json("F16", "[2]", "[0,4]") +
                             ",\"b\":" + tensor_json("BF16", "[2]", "[4,8]") +
                             ",\"c\":" + tensor_json("F32", "[1]", "[8,12]") + "}";
  CHECK_THAT(load_error(make_file(header, zeros(12))),
             Catch::Equals("tensor 'a': unsupported dtype 'F16'; only F32 is supported "
                           "(dtypes in this file: BF16, F16, F32)"));
  CHECK_THAT(load_error(make_file("{\"w\":" + tensor_json("F33", "[1]", "[0,4]") + "}", zeros(4))),
             Catch::Contains("tensor 'w': unknown dtype 'F33'; only F32 is supported"));
  CHECK_THAT(
      load_error(make_file(R"({"w":{"dtype":32,"shape":[1],"data_offsets":[0,4]}})", zeros(4))),
      Catch::Equals("tensor 'w': dtype is number, expected a string"));
}

TEST_CASE("safetensors: tensor entries must be objects with exactly dtype, shape, data_offsets",
          "[model]") {
  CHECK_THAT(load_error(make_file(R"({"w": [1, 2]})", {})),
             Catch::Contains("tensor 'w': entry is array, expected an object"));
  CHECK_THAT(load_error(make_file(R"({"w":{"dtype":"F32","shape":[1]}})", zeros(4))),
             Catch::Equals("tensor 'w': missing \"data_offsets\""));
  CHECK_THAT(load_error(make_file(R"({"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4],"x":1}})",
                                  zeros(4))),
             Catch::Contains("tensor 'w': unexpected key 'x'"));
}

TEST_CASE("safetensors: shapes must be lists of non-negative integers that fit", "[model]") {
  auto with_shape = [](const std::string& shape) {
    return load_error(make_file("{\"w\":" + tensor_json("F32", shape, "[0,4]") + "}", zeros(4)));
  };
  CHECK_THAT(
      with_shape("4"),
      Catch::Equals("tensor 'w': shape is number, expected a list of non-negative integers"));
  CHECK_THAT(
      with_shape("[1,-2]"),
      Catch::Equals("tensor 'w': shape[1] is negative number -2, expected a non-negative integer"));
  CHECK_THAT(with_shape("[1.5]"), Catch::Contains("shape[0] is non-integer number 1.5"));
  CHECK_THAT(with_shape("[\"1\"]"), Catch::Contains("shape[0] is string"));
  CHECK_THAT(with_shape("[]"), Catch::Contains("tensor 'w': shape [] (a scalar) is not supported"));
  CHECK_THAT(with_shape("[4294967296,4294967296]"),
             Catch::Contains("tensor 'w': shape [4294967296,4294967296] has too many elements"));
  CHECK_THAT(with_shape("[18446744073709551615]"), Catch::Contains("has too many elements"));
  CHECK_THAT(
      with_shape("[2]"),
      Catch::Equals(
          "tensor 'w': data_offsets [0, 4] span 4 bytes, but shape [2] of F32 needs 8 bytes"));
  // A zero dimension makes the product 0 even next to a huge one.
  const SafetensorsFile ok = nnfs::parse_safetensors(
      as_bytes(
          make_file("{\"w\":" + tensor_json("F32", "[18446744073709551615,0]", "[0,0]") + "}", {})),
      "mem");
  CHECK(ok.tensors.at(0).tensor.size() == 0);
}

TEST_CASE("safetensors: data_offsets must be begin, end inside the data section", "[model]") {
  auto with_offsets = [](const std::string& offsets, std::size_t data) {
    return load_error(make_file("{\"w\":" + tensor_json("F32", "[1]", offsets) + "}", zeros(data)));
  };
  CHECK_THAT(with_offsets("4", 4),
             Catch::Equals("tensor 'w': data_offsets is 4, expected [begin, end]"));
  CHECK_THAT(with_offsets("[0,4,8]", 4),
             Catch::Contains("data_offsets is [0,4,8], expected [begin, end]"));
  CHECK_THAT(with_offsets("[-4,0]", 4), Catch::Contains("data_offsets[0] is negative number -4"));
  CHECK_THAT(with_offsets("[0,\"4\"]", 4), Catch::Contains("data_offsets[1] is string"));
  CHECK_THAT(with_offsets("[8,4]", 8),
             Catch::Equals("tensor 'w': data_offsets [8, 4] has begin after end"));
  CHECK_THAT(with_offsets("[0,4]", 2),
             Catch::Equals(
                 "tensor 'w': data_offsets [0, 4] run past the end of the data section (2 bytes)"));
  CHECK_THAT(with_offsets("[0,8]", 8),
             Catch::Contains("span 8 bytes, but shape [1] of F32 needs 4 bytes"));
}

TEST_CASE("safetensors: tensors must tile the data section without overlaps or gaps", "[model]") {
  auto two = [](const std::string& a, const std::string& b, std::size_t data) {
    return load_error(make_file(
        "{\"a\":" + tensor_json("F32", "[2]", a) + ",\"b\":" + tensor_json("F32", "[2]", b) + "}",
        zeros(data)));
  };
  CHECK_THAT(
      two("[0,8]", "[4,12]", 12),
      Catch::Equals("tensors 'a' (data_offsets [0, 8]) and 'b' (data_offsets [4, 12]) overlap"));
  CHECK_THAT(two("[0,8]", "[0,8]", 8), Catch::Contains("overlap"));
  const std::string gap = two("[0,8]", "[12,20]", 20);
  CHECK_THAT(gap, Catch::StartsWith("data bytes [8, 12) (file bytes ") &&
                      Catch::EndsWith(
                          "are not used by any tensor; the data section must be fully indexed"));
  CHECK_THAT(two("[8,16]", "[16,24]", 24), Catch::StartsWith("data bytes [0, 8) "));
  CHECK_THAT(load_error(make_file("{\"w\":" + tensor_json("F32", "[1]", "[0,4]") + "}", zeros(6))),
             Catch::StartsWith("data bytes [4, 6) (file bytes ") &&
                 Catch::Contains("not used by any tensor"));
  CHECK_THAT(load_error(make_file("{}", zeros(3))),
             Catch::StartsWith("data bytes [0, 3) (file bytes 10 to 12)"));
  // An empty tensor inside another one overlaps it.
  const std::string inside =
      load_error(make_file("{\"a\":" + tensor_json("F32", "[2]", "[0,8]") +
                               ",\"e\":" + tensor_json("F32", "[0]", "[4,4]") + "}",
                           zeros(8)));
  CHECK_THAT(inside,
             Catch::Contains("'a' (data_offsets [0, 8]) and 'e' (data_offsets [4, 4]) overlap"));
}

TEST_CASE("safetensors: duplicate names are errors, not silently merged", "[model]") {
  const std::string entry = tensor_json("F32", "[1]", "[0,4]");
  CHECK_THAT(load_error(make_file("{\"w\":" + entry + ",\"w\":" + entry + "}", zeros(4))),
             Catch::Equals("duplicate entry 'w' in header"));
  CHECK_THAT(
      load_error(make_file(
          R"({"w":{"dtype":"F32","dtype":"F32","shape":[1],"data_offsets":[0,4]}})", zeros(4))),
      Catch::Equals("duplicate key 'dtype' inside header entry 'w'"));
  CHECK_THAT(load_error(make_file(R"({"__metadata__":{"k":"1","k":"2"}})", {})),
             Catch::Contains("duplicate key 'k' inside header entry '__metadata__'"));
}

TEST_CASE("safetensors: names in messages are escaped and shortened", "[model]") {
  const std::string name = "evil\\nname" + std::string(200, 'x');
  const std::string msg = load_error(
      make_file("{\"" + name + "\":" + tensor_json("F16", "[1]", "[0,2]") + "}", zeros(2)));
  CHECK_THAT(msg, Catch::StartsWith("tensor 'evil\\x0aname"));
  CHECK(msg.size() < 250);
}

TEST_CASE("safetensors: a truncated file fails cleanly at every length", "[model]") {
  const std::vector<std::byte> good = nnfs::serialize_safetensors(sample_file());
  for (std::size_t n = 0; n < good.size(); ++n) {
    INFO("prefix of " << n << " bytes");
    CHECK_THROWS_AS(nnfs::parse_safetensors(std::span(good.data(), n), "cut"), nnfs::Error);
  }
  CHECK_NOTHROW(nnfs::parse_safetensors(good, "whole"));
}

TEST_CASE("safetensors: corrupting any single byte either loads or throws nnfs::Error", "[model]") {
  std::vector<std::byte> bytes = nnfs::serialize_safetensors(sample_file());
  const std::size_t data_start =
      8 + std::to_integer<std::size_t>(bytes[0]) + (std::to_integer<std::size_t>(bytes[1]) << 8);
  int errors = 0;
  for (std::size_t i = 0; i < data_start; ++i) {
    for (int v : {0x00, 0x20, 0x22, 0x2c, 0x30, 0x5b, 0x7b, 0x7d, 0xff}) {
      const std::byte saved = bytes[i];
      bytes[i] = static_cast<std::byte>(v);
      try {
        nnfs::parse_safetensors(bytes, "fuzz");
      } catch (const nnfs::Error& e) {
        ++errors;
        CHECK(std::string(e.what()).find('\n') == std::string::npos);
      }
      bytes[i] = saved;
    }
  }
  CHECK(errors > 0);
}

TEST_CASE("load_safetensors refuses files above the size cap and missing files", "[model]") {
  TempDir dir;
  const std::string path = dir.file("m.safetensors");
  nnfs::save_safetensors(path, sample_file());
  const auto size = fs::file_size(path);
  CHECK_THROWS_WITH(nnfs::load_safetensors(path, size - 1),
                    path + ": file is " + std::to_string(size) + " bytes, more than the limit of " +
                        std::to_string(size - 1) + " bytes");
  CHECK_NOTHROW(nnfs::load_safetensors(path, size));
  CHECK_THROWS_WITH(nnfs::load_safetensors(dir.file("none.safetensors")),
                    Catch::Contains("none.safetensors: no such file"));
}

TEST_CASE("safetensors: the header length is checked before the rest of the file is read", "[model][limits]") {
  TempDir dir;
  // 2 GiB of zeros (sparse: no disk): a header length of 0 is refused after reading 8 bytes.
  const std::string zeros = dir.file("zeros.safetensors");
  fs::resize_file(dir.write_bytes("zeros.safetensors", {}), std::uint64_t{2} << 30);
  CHECK_THROWS_WITH(nnfs::load_safetensors(zeros), zeros + ": byte 8: header length is 0, expected a JSON object");
  // A plausible length, then zeros: the header is refused before the data section is read.
  Bytes head;
  append_u64_le(head, 16);
  const std::string text = "{\"w\":          }";
  head.insert(head.end(), text.begin(), text.end());
  const std::string big = dir.write_bytes("big.safetensors", head);
  fs::resize_file(big, std::uint64_t{2} << 30);
  CHECK_THROWS_WITH(nnfs::load_safetensors(big), Catch::StartsWith(big + ": byte ") &&
                                                      Catch::Contains("header is not valid JSON"));
}

TEST_CASE("safetensors: a FIFO, a directory or /dev/zero is refused without blocking", "[model][special]") {
  TempDir dir;
  const std::string fifo = dir.file("f.safetensors");
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  CHECK_THROWS_WITH(nnfs::load_safetensors(fifo), fifo + ": is a named pipe (FIFO), expected a regular file");
  CHECK_THROWS_WITH(nnfs::load_safetensors(dir.path().string()), dir.path().string() + ": is a directory, expected a file");
  CHECK_THROWS_WITH(nnfs::load_safetensors("/dev/zero"), "/dev/zero: is a character device, expected a regular file");
}

TEST_CASE("safetensors: a header of many thousand tensors parses", "[model][limits]") {
  // Duplicate detection once took time quadratic in the entries (nlohmann's callback parser).
  SafetensorsFile file;
  for (int i = 0; i < 20000; ++i) {
    Tensor t({1});
    t.data()[0] = static_cast<float>(i);
    std::string name = "t";  // appended, not "t" + ...: GCC 12's -Wrestrict false positive
    name += std::to_string(i);
    file.tensors.push_back({std::move(name), std::move(t)});
  }
  const std::vector<std::byte> bytes = nnfs::serialize_safetensors(file);
  const SafetensorsFile back = nnfs::parse_safetensors(bytes, "many");
  REQUIRE(back.tensors.size() == 20000);
  CHECK(back.find("t19999")->data()[0] == 19999.0f);
}
