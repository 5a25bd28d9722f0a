// Model files: save/load round trips and every way a model file can be wrong.
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <cstring>
#include <filesystem>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "engine/model/architecture.h"
#include "engine/model/model_file.h"
#include "engine/model/safetensors.h"
#include "support/fixtures.h"
#include "support/temp_dir.h"

using namespace nnfs;
using nnfs::test::error_message;
using nnfs::test::TempDir;
using Bytes = std::vector<unsigned char>;
using json = nlohmann::json;

namespace {

// A model with everything a file stores set to something other than the default.
Model sample_model() {
  Model m = test::small_classifier({3, 4}, 5, 3, 42);
  m.class_names = {"cat", "dog", "bird ✓"};
  m.input_scaling = {0.5f, -1.25f};
  m.training = {{"dataset", "blobs"}, {"epochs", 3}, {"history", json::array({{{"epoch", 1}, {"train_loss", 0.1}}})}};
  return m;
}

// ---- editing a saved file byte by byte -------------------------------------------------------

struct RawFile {
  json header;  // the parsed JSON header
  Bytes data;   // the data section
};

RawFile split_file(const Bytes& bytes) {
  REQUIRE(bytes.size() >= 8);
  std::uint64_t n = 0;
  for (int i = 7; i >= 0; --i) n = (n << 8) | bytes[static_cast<std::size_t>(i)];
  REQUIRE(8 + n <= bytes.size());
  RawFile raw;
  raw.header = json::parse(std::string(bytes.begin() + 8, bytes.begin() + static_cast<std::ptrdiff_t>(8 + n)));
  raw.data.assign(bytes.begin() + static_cast<std::ptrdiff_t>(8 + n), bytes.end());
  return raw;
}

// [u64 LE header length][header][data]; the length written is the header's unless given.
Bytes join_file(const std::string& header, const Bytes& data, std::optional<std::uint64_t> length = std::nullopt) {
  Bytes out;
  const std::uint64_t n = length.value_or(header.size());
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<unsigned char>(n >> (8 * i)));
  out.insert(out.end(), header.begin(), header.end());
  out.insert(out.end(), data.begin(), data.end());
  return out;
}

Bytes join_file(const RawFile& raw, std::optional<std::uint64_t> length = std::nullopt) {
  return join_file(raw.header.dump(), raw.data, length);
}

// The message of load_model on `bytes` written as bad.safetensors; checks that it starts with
// the path and is one line, and returns the rest.
std::string load_error(const Bytes& bytes) {
  TempDir dir;
  const std::string path = dir.write_bytes("bad.safetensors", bytes);
  const std::string msg = error_message([&] { load_model(path); });
  CHECK_THAT(msg, Catch::StartsWith(path + ": "));
  return msg.size() > path.size() + 2 ? msg.substr(path.size() + 2) : msg;
}

// The saved bytes of sample_model().
Bytes saved_bytes() {
  TempDir dir;
  save_model(dir.file("m.safetensors"), sample_model());
  return test::read_bytes(dir.file("m.safetensors"));
}

// The container of sample_model() with `edit` applied, written with save_safetensors (so the
// file itself is a valid safetensors file), then loaded as a model: the error message.
template <typename Edit>
std::string load_error_after(Edit edit) {
  TempDir dir;
  const std::string good = dir.file("good.safetensors");
  save_model(good, sample_model());
  SafetensorsFile file = load_safetensors(good);
  edit(file);
  const std::string path = dir.file("edited.safetensors");
  save_safetensors(path, file);
  const std::string msg = error_message([&] { load_model(path); });
  CHECK_THAT(msg, Catch::StartsWith(std::string(path).append(": ")));
  return msg;
}

}  // namespace

// ---- round trips --------------------------------------------------------------------------------

TEST_CASE("model file round trip gives identical parameters, predictions and metadata", "[model]") {
  TempDir dir;
  Model original = sample_model();
  const std::string path = dir.file("model.safetensors");
  save_model(path, original);
  Model loaded = load_model(path);

  CHECK(test::same_bits(loaded.net.params().values(), original.net.params().values()));
  CHECK(loaded.net.architecture() == original.net.architecture());
  CHECK(loaded.net.input_shape() == original.net.input_shape());
  CHECK(loaded.net.output_shape() == original.net.output_shape());
  CHECK(loaded.loss == original.loss);
  CHECK(loaded.class_names == original.class_names);
  CHECK(loaded.input_scaling == original.input_scaling);
  CHECK(loaded.training == original.training);

  const Tensor x = test::random_inputs(original.net, 9, 5);
  Workspace ws;
  const Tensor expected = original.net.forward(x, ws);
  const Tensor got = loaded.net.forward(x, ws);
  CHECK(test::same_bits(got, expected));
}

TEST_CASE("model files are tensors in arena order with nnfs metadata", "[model]") {
  TempDir dir;
  const Model m = sample_model();
  save_model(dir.file("m.safetensors"), m);
  const SafetensorsFile f = load_safetensors(dir.file("m.safetensors"));
  CHECK(f.metadata.at("nnfs.format") == "1");
  CHECK(json::parse(f.metadata.at("nnfs.architecture")) == m.net.architecture());
  CHECK(json::parse(f.metadata.at("nnfs.input_shape")) == json::array({3, 4}));
  CHECK(json::parse(f.metadata.at("nnfs.class_names")) == json(m.class_names));
  CHECK(f.metadata.at("nnfs.loss") == "categorical_crossentropy");
  const auto& entries = m.net.params().entries();
  REQUIRE(f.tensors.size() == entries.size());
  for (std::size_t i = 0; i < entries.size(); ++i) {
    INFO(entries[i].name);
    CHECK(f.tensors[i].name == entries[i].name);
    CHECK(f.tensors[i].tensor.shape() == entries[i].shape);
    CHECK(std::memcmp(f.tensors[i].tensor.data(), m.net.params().values().data() + entries[i].offset,
                      entries[i].size * sizeof(float)) == 0);
  }
}

TEST_CASE("saving the same model twice gives byte-identical files", "[model]") {
  TempDir dir;
  const Model m = sample_model();
  save_model(dir.file("a.safetensors"), m);
  save_model(dir.file("b.safetensors"), m);
  const Bytes a = test::read_bytes(dir.file("a.safetensors"));
  CHECK(!a.empty());
  CHECK(a == test::read_bytes(dir.file("b.safetensors")));
  // Saving overwrites in place, and a loaded model saves back to the same bytes.
  save_model(dir.file("a.safetensors"), load_model(dir.file("b.safetensors")));
  CHECK(a == test::read_bytes(dir.file("a.safetensors")));
  // A model that differs in one weight bit gives a different file.
  Model changed = load_model(dir.file("b.safetensors"));
  changed.net.params().values()[3] = std::nextafter(changed.net.params().values()[3], 10.0f);
  save_model(dir.file("c.safetensors"), changed);
  CHECK(a != test::read_bytes(dir.file("c.safetensors")));
}

// ---- damaged containers --------------------------------------------------------------------------

TEST_CASE("model file: missing or truncated files name the file", "[model]") {
  TempDir dir;
  const std::string missing = dir.file("nope.safetensors");
  CHECK_THAT(error_message([&] { load_model(missing); }), Catch::StartsWith(missing + ": "));

  const Bytes good = saved_bytes();
  const std::size_t header_end = 8 + split_file(good).header.dump().size();  // roughly
  for (std::size_t cut : {std::size_t{0}, std::size_t{5}, std::size_t{8}, std::size_t{40}, header_end,
                          good.size() / 2, good.size() - 4, good.size() - 1}) {
    INFO("cut at " << cut << " of " << good.size());
    const std::string msg = load_error(Bytes(good.begin(), good.begin() + static_cast<std::ptrdiff_t>(cut)));
    CHECK(!msg.empty());
  }
  CHECK_THAT(load_error(Bytes(good.begin(), good.begin() + 5)), Catch::Contains("too short"));
  CHECK_THAT(load_error(Bytes(good.begin(), good.end() - 4)), Catch::Contains("past the end"));
}

TEST_CASE("model file: a header length past the end of the file", "[model]") {
  const RawFile raw = split_file(saved_bytes());
  const std::uint64_t real = raw.header.dump().size();
  const std::string msg = load_error(join_file(raw, real + raw.data.size() + 1));
  CHECK_THAT(msg, Catch::Contains("byte 0") && Catch::Contains("header length") &&
                      Catch::Contains("past the end"));
  CHECK_THAT(load_error(join_file(raw, std::uint64_t{1} << 62)), Catch::Contains("header length"));
}

TEST_CASE("model file: overlapping tensor offsets", "[model]") {
  RawFile raw = split_file(saved_bytes());
  // layers.0.bias [5] moved onto the start of layers.0.weight.
  const auto bias_size = raw.header["layers.0.bias"]["data_offsets"][1].get<std::uint64_t>() -
                         raw.header["layers.0.bias"]["data_offsets"][0].get<std::uint64_t>();
  raw.header["layers.0.bias"]["data_offsets"] = {0, bias_size};
  const std::string msg = load_error(join_file(raw));
  CHECK_THAT(msg, Catch::Contains("overlap") && Catch::Contains("layers.0.bias") &&
                      Catch::Contains("layers.0.weight"));
}

TEST_CASE("model file: offsets outside the data section", "[model]") {
  RawFile raw = split_file(saved_bytes());
  const auto size = raw.data.size();
  SECTION("past the end") {
    raw.header["layers.2.bias"]["data_offsets"] = {size - 12 + 8, size + 8};
    CHECK_THAT(load_error(join_file(raw)), Catch::Contains("layers.2.bias") &&
                                               Catch::Contains("past the end of the data section"));
  }
  SECTION("begin after end") {
    raw.header["layers.2.bias"]["data_offsets"] = {size, size - 12};
    CHECK_THAT(load_error(join_file(raw)), Catch::Contains("begin after end"));
  }
  SECTION("huge") {
    raw.header["layers.0.weight"]["data_offsets"] = {0, std::uint64_t{1} << 63};
    CHECK_THAT(load_error(join_file(raw)), Catch::Contains("layers.0.weight") &&
                                               Catch::Contains("data_offsets"));
  }
}

TEST_CASE("model file: dtypes other than F32", "[model]") {
  RawFile raw = split_file(saved_bytes());
  SECTION("unsupported F16") {
    raw.header["layers.0.weight"]["dtype"] = "F16";
    CHECK_THAT(load_error(join_file(raw)), Catch::Contains("layers.0.weight") &&
                                               Catch::Contains("dtype 'F16'") &&
                                               Catch::Contains("only F32"));
  }
  SECTION("unknown") {
    raw.header["layers.2.bias"]["dtype"] = "Q4_K";
    CHECK_THAT(load_error(join_file(raw)), Catch::Contains("unknown dtype 'Q4_K'"));
  }
}

// ---- valid containers whose contents do not fit the architecture -----------------------------

TEST_CASE("model file: tensor shapes must agree with the architecture", "[model]") {
  SECTION("transposed weight") {
    const std::string msg = load_error_after([](SafetensorsFile& f) {
      for (auto& t : f.tensors)
        if (t.name == "layers.0.weight") t.tensor = Tensor({5, 12});
    });
    CHECK_THAT(msg, Catch::Contains("'layers.0.weight' has shape [5, 12]") &&
                        Catch::Contains("architecture needs [12, 5]"));
  }
  SECTION("bias one too long") {
    const std::string msg = load_error_after([](SafetensorsFile& f) {
      for (auto& t : f.tensors)
        if (t.name == "layers.2.bias") t.tensor = Tensor({4});
    });
    CHECK_THAT(msg, Catch::Contains("layers.2.bias") && Catch::Contains("[4]") && Catch::Contains("[3]"));
  }
}

TEST_CASE("model file: every tensor present and nothing extra", "[model]") {
  SECTION("missing") {
    const std::string msg = load_error_after([](SafetensorsFile& f) {
      std::erase_if(f.tensors, [](const NamedTensor& t) { return t.name == "layers.2.weight"; });
    });
    CHECK_THAT(msg, Catch::Contains("'layers.2.weight'") && Catch::Contains("missing"));
  }
  SECTION("extra") {
    const std::string msg = load_error_after(
        [](SafetensorsFile& f) { f.tensors.push_back({"layers.9.weight", Tensor({2, 2})}); });
    CHECK_THAT(msg, Catch::Contains("'layers.9.weight'") && Catch::Contains("not part of the architecture"));
  }
}

TEST_CASE("model file: nnfs metadata must be present and valid", "[model]") {
  SECTION("no nnfs.format: a plain safetensors file") {
    CHECK_THAT(load_error_after([](SafetensorsFile& f) { f.metadata.erase("nnfs.format"); }),
               Catch::Contains("not an nnfs model") && Catch::Contains("nnfs.format"));
  }
  SECTION("no metadata at all") {
    CHECK_THAT(load_error_after([](SafetensorsFile& f) { f.metadata.clear(); }),
               Catch::Contains("not an nnfs model"));
  }
  SECTION("a future format version") {
    CHECK_THAT(load_error_after([](SafetensorsFile& f) { f.metadata.insert_or_assign("nnfs.format", std::string("2")); }),
               Catch::Contains("version '2'"));
  }
  SECTION("architecture that is not JSON") {
    CHECK_THAT(load_error_after([](SafetensorsFile& f) { f.metadata.insert_or_assign("nnfs.architecture", std::string("[{\"type\":")); }),
               Catch::Contains("nnfs.architecture") && Catch::Contains("not valid JSON"));
  }
  SECTION("architecture that is not a list") {
    CHECK_THAT(load_error_after([](SafetensorsFile& f) { f.metadata.insert_or_assign("nnfs.architecture", std::string("{}")); }),
               Catch::Contains("bad architecture"));
  }
  SECTION("architecture with an unknown layer") {
    CHECK_THAT(load_error_after([](SafetensorsFile& f) {
                 f.metadata.insert_or_assign("nnfs.architecture", std::string(R"([{"type":"dense","units":5},{"type":"warp"}])"));
               }),
               Catch::Contains("bad architecture") && Catch::Contains("layer 1") && Catch::Contains("warp"));
  }
  SECTION("architecture with bad units") {
    CHECK_THAT(load_error_after([](SafetensorsFile& f) {
                 f.metadata.insert_or_assign("nnfs.architecture", std::string(R"([{"type":"dense","units":-5}])"));
               }),
               Catch::Contains("bad architecture") && Catch::Contains("units"));
  }
  SECTION("architecture missing") {
    CHECK_THAT(load_error_after([](SafetensorsFile& f) { f.metadata.erase("nnfs.architecture"); }),
               Catch::Contains("'nnfs.architecture' is missing"));
  }
  SECTION("input shape") {
    CHECK_THAT(load_error_after([](SafetensorsFile& f) { f.metadata.insert_or_assign("nnfs.input_shape", std::string("[3, 0]")); }),
               Catch::Contains("nnfs.input_shape"));
    CHECK_THAT(load_error_after([](SafetensorsFile& f) { f.metadata.insert_or_assign("nnfs.input_shape", std::string("\"3x4\"")); }),
               Catch::Contains("nnfs.input_shape"));
  }
  SECTION("class_names count differs from the outputs") {
    CHECK_THAT(load_error_after([](SafetensorsFile& f) { f.metadata.insert_or_assign("nnfs.class_names", std::string(R"(["a","b"])")); }),
               Catch::Contains("nnfs.class_names has 2 names") && Catch::Contains("3 outputs"));
  }
  SECTION("class_names that are not strings") {
    CHECK_THAT(load_error_after([](SafetensorsFile& f) { f.metadata.insert_or_assign("nnfs.class_names", std::string("[1,2,3]")); }),
               Catch::Contains("nnfs.class_names"));
  }
  SECTION("preprocessing") {
    CHECK_THAT(load_error_after([](SafetensorsFile& f) { f.metadata.insert_or_assign("nnfs.preprocessing", std::string(R"({"pixel_scale":1})")); }),
               Catch::Contains("nnfs.preprocessing"));
  }
}

TEST_CASE("model file: an architecture far larger than the file fails cleanly", "[model]") {
  // The architecture comes from the file: it must not make the loader allocate parameters the
  // file cannot hold (here 2^48 weights, a petabyte).
  const std::string msg = load_error_after([](SafetensorsFile& f) {
    f.metadata.insert_or_assign("nnfs.input_shape", std::string("[16777216, 16777216]"));
  });
  CHECK_THAT(msg, Catch::Contains("layers.0.weight"));
  // 2^24 inputs x 2^20 units: 64 TiB of weights declared by a file of a few hundred bytes.
  const std::string wide = load_error_after([](SafetensorsFile& f) {
    f.metadata.insert_or_assign("nnfs.input_shape", std::string("[16777216]"));
    f.metadata.insert_or_assign("nnfs.architecture", std::string(
        R"([{"type":"dense","units":1048576},{"type":"relu"},{"type":"dense","units":3},{"type":"softmax"}])"));
  });
  CHECK_THAT(wide, Catch::Contains("layers.0.weight"));
}

TEST_CASE("model file: deeply nested JSON is refused, not recursed into", "[model]") {
  // Printing JSON (error messages, `nnfs info`) recurses once per level: 200,000 levels would
  // overflow the stack, so both the header and the metadata values are limited.
  const std::string deep = std::string(200000, '[') + std::string(200000, ']');
  SECTION("in a tensor entry of the header") {
    RawFile raw = split_file(saved_bytes());
    raw.header["layers.0.bias"]["data_offsets"] = "DEEP";
    std::string header = raw.header.dump();
    header.replace(header.find("\"DEEP\""), 6, deep);
    CHECK_THAT(load_error(join_file(header, raw.data)), Catch::Contains("byte 8") && Catch::Contains("levels deep"));
  }
  for (const char* key : {"nnfs.training", "nnfs.architecture", "nnfs.input_shape", "nnfs.class_names"}) {
    INFO(key);
    const std::string msg = load_error_after([&](SafetensorsFile& f) { f.metadata.insert_or_assign(key, deep); });
    CHECK_THAT(msg, Catch::Contains(key) && Catch::Contains("levels deep"));
  }
  // Ordinary nesting in the training record is fine.
  TempDir dir;
  Model m = sample_model();
  m.training["nested"] = json::parse(std::string(20, '[') + std::string(20, ']'));
  save_model(dir.file("ok.safetensors"), m);
  CHECK(load_model(dir.file("ok.safetensors")).training == m.training);
}

// ---- non-finite values, absurd scaling, special files, layer limits ------------------------------

namespace {

// A model with a weight, a bias and BatchNorm buffers: dense → batchnorm → relu → dense → softmax.
Model batchnorm_model() {
  Model m;
  m.net = Sequential::from_architecture(
      {6}, json::parse(R"([{"type":"dense","units":4},{"type":"batchnorm"},{"type":"relu"},
                           {"type":"dense","units":3},{"type":"softmax"}])"));
  m.net.init(7);
  m.class_names = {"a", "b", "c"};
  return m;
}

Tensor& tensor_named(SafetensorsFile& f, const std::string& name) {
  for (NamedTensor& nt : f.tensors)
    if (nt.name == name) return nt.tensor;
  FAIL("no tensor " << name);
  throw std::logic_error("unreachable");
}

// An architecture of dense(4) followed by `relus` ReLU layers and dense(2), softmax.
json long_architecture(std::size_t relus) {
  json arch = json::array({{{"type", "dense"}, {"units", 4}}});
  for (std::size_t i = 0; i < relus; ++i) arch.push_back({{"type", "relu"}});
  arch.push_back({{"type", "dense"}, {"units", 2}});
  arch.push_back({{"type", "softmax"}});
  return arch;
}

}  // namespace

TEST_CASE("model file: NaN or infinity in a weight, a bias or a buffer is refused at load", "[model][nonfinite]") {
  const float nan = std::numeric_limits<float>::quiet_NaN(), inf = std::numeric_limits<float>::infinity();
  struct Case {
    const char* tensor;
    std::size_t index;
    float value;
    const char* shown;
  };
  for (const Case& c : {Case{"layers.0.weight", 17, nan, "NaN"}, Case{"layers.0.bias", 2, inf, "+Inf"},
                        Case{"layers.3.weight", 0, -inf, "-Inf"}, Case{"layers.1.running_mean", 1, nan, "NaN"},
                        Case{"layers.1.running_var", 3, inf, "+Inf"}, Case{"layers.1.weight", 0, -inf, "-Inf"}}) {
    INFO(c.tensor);
    TempDir dir;
    const std::string good = dir.file("good.safetensors");
    save_model(good, batchnorm_model());
    SafetensorsFile file = load_safetensors(good);
    tensor_named(file, c.tensor).data()[c.index] = c.value;
    const std::string path = dir.file("m.safetensors");
    save_safetensors(path, file);
    CHECK(error_message([&] { load_model(path); }) == path + ": tensor '" + c.tensor + "': value " +
                                                           std::to_string(c.index) + " is " + c.shown +
                                                           "; a model must hold finite numbers");
  }
}

TEST_CASE("model file: a model holding NaN is never saved", "[model][nonfinite]") {
  TempDir dir;
  const std::string path = dir.file("m.safetensors");
  Model m = batchnorm_model();
  m.net.params().values()[5] = std::numeric_limits<float>::quiet_NaN();
  CHECK(error_message([&] { save_model(path, m); }) ==
        path + ": cannot save: tensor 'layers.0.weight': value 5 is NaN; a model must hold finite numbers");
  CHECK_FALSE(std::filesystem::exists(path));
  Model b = batchnorm_model();
  b.net.buffers().values().back() = -std::numeric_limits<float>::infinity();
  CHECK_THAT(error_message([&] { save_model(path, b); }),
             Catch::StartsWith(path + ": cannot save: tensor 'layers.1.running_var': value 3 is -Inf"));
  Model s = batchnorm_model();
  s.input_scaling.scale = std::numeric_limits<float>::quiet_NaN();
  CHECK(error_message([&] { save_model(path, s); }) ==
        path + ": cannot save: nnfs.preprocessing 'pixel_scale' is nan, expected a magnitude from 1e-06 to 1000");
  CHECK_FALSE(std::filesystem::exists(path));
}

TEST_CASE("model file: a NaN, infinite, zero or absurd input scaling is refused at load", "[model][nonfinite]") {
  const std::string scale_range = ", expected a magnitude from 1e-06 to 1000";
  for (const auto& [pre, expected] : std::vector<std::pair<std::string, std::string>>{
           {R"({"pixel_scale":1e30,"pixel_offset":0})", "'pixel_scale' is 1e+30" + scale_range},
           {R"({"pixel_scale":1e39,"pixel_offset":0})", "'pixel_scale' is 1e+39" + scale_range},
           {R"({"pixel_scale":0,"pixel_offset":0})", "'pixel_scale' is 0" + scale_range},
           {R"({"pixel_scale":-1e-30,"pixel_offset":0})", "'pixel_scale' is -1e-30" + scale_range},
           {R"({"pixel_scale":0.5,"pixel_offset":-1e30})",
            "'pixel_offset' is -1e+30, expected a number from -1000000 to 1000000"}}) {
    INFO(pre);
    const std::string msg = load_error_after([&](SafetensorsFile& f) { f.metadata.insert_or_assign("nnfs.preprocessing", pre); });
    CHECK_THAT(msg, Catch::EndsWith(": nnfs.preprocessing " + expected));
  }
  // NaN and infinity cannot be written in JSON: such a value is not valid JSON at all.
  const std::string inf = load_error_after([](SafetensorsFile& f) {
    f.metadata.insert_or_assign("nnfs.preprocessing", R"({"pixel_scale":1e400,"pixel_offset":0})");
  });
  CHECK_THAT(inf, Catch::EndsWith(": metadata 'nnfs.preprocessing' is not valid JSON (a number is out of range)"));
  const std::string nan = load_error_after([](SafetensorsFile& f) {
    f.metadata.insert_or_assign("nnfs.preprocessing", R"({"pixel_scale":NaN,"pixel_offset":0})");
  });
  CHECK_THAT(nan, Catch::Contains("metadata 'nnfs.preprocessing' is not valid JSON"));
}

TEST_CASE("model file: a FIFO, a directory or /dev/zero is refused without blocking", "[model][special]") {
  TempDir dir;
  const std::string fifo = dir.file("m.safetensors");
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  CHECK(error_message([&] { load_model(fifo); }) == fifo + ": is a named pipe (FIFO), expected a regular file");
  CHECK(error_message([&] { load_model(dir.path().string()); }) == dir.path().string() + ": is a directory, expected a file");
  CHECK(error_message([&] { load_model("/dev/zero"); }) == "/dev/zero: is a character device, expected a regular file");
  CHECK(error_message([&] { load_model("/proc/self/status"); }) ==
        "/proc/self/status: reports a size of 0 bytes (a /proc or /sys file?), expected a regular file with data");
}

TEST_CASE("model file: more layers than the limit are refused before anything is built", "[model][limits]") {
  const std::string msg = load_error_after([](SafetensorsFile& f) {
    f.metadata.insert_or_assign("nnfs.architecture", long_architecture(kMaxLayers).dump());
  });
  CHECK_THAT(msg, Catch::EndsWith(": metadata 'nnfs.architecture' has more than 10000 layers, the limit"));
}

TEST_CASE("model file: an architecture of a few thousand layers loads", "[model][limits]") {
  TempDir dir;
  Model m;
  m.net = Sequential::from_architecture({3}, long_architecture(3000));
  m.net.init(1);
  m.class_names = {"x", "y"};
  const std::string path = dir.file("long.safetensors");
  save_model(path, m);
  const Model back = load_model(path);
  CHECK(back.net.layer_count() == 3003);
  CHECK(back.net.architecture() == m.net.architecture());
}
