// nnfs import: ONNX back to a model file, run as a user runs it. An exported bundled model comes
// back with the same probabilities; the scaling flags apply to graphs without scaling nodes; every
// bad input is one line; an existing --out is replaced whole or left alone, never half-written.
#include <catch2/catch.hpp>
#include <filesystem>

#include "cli_files_fixture.h"
#include "engine/model/model_file.h"
#include "support/onnx_builder.h"

using nnfs::test::check_refusal;
using nnfs::test::FilesFixture;
using nnfs::test::OnnxBuilder;
using nnfs::test::slurp;
namespace fs = std::filesystem;

namespace {

const std::string kBundledCnn = std::string(NNFS_SOURCE_DIR) + "/assets/models/mnist-cnn.safetensors";

// `nnfs predict --probabilities` on the fixture's test digits.
std::string probabilities(const FilesFixture& f, const std::string& model) {
  const nnfs::test::Run r = f.run({"predict", "--model", model, "--input", f.test_csv, "--probabilities"});
  INFO(describe(r));
  REQUIRE(r.code == 0);
  return r.out;
}

// Files beside `out` whose names start with its name: a refused import leaves no temporary behind.
std::size_t temporaries_of(const std::string& out) {
  std::size_t n = 0;
  const std::string name = fs::path(out).filename().string() + ".";
  for (const auto& e : fs::directory_iterator(fs::path(out).parent_path()))
    n += e.path().filename().string().rfind(name, 0) == 0 ? 1 : 0;
  return n;
}

}  // namespace

TEST_CASE("cli: an exported bundled model imports back and predicts the same probabilities", "[cli][onnx]") {
  FilesFixture f;
  const std::string onnx = f.dir.file("cnn.onnx"), back = f.dir.file("back.safetensors");
  REQUIRE(f.run({"export", "--model", kBundledCnn, "--onnx", onnx}).code == 0);
  const nnfs::test::Run r = f.run({"import", onnx, "--out", back});
  INFO(describe(r));
  REQUIRE(r.code == 0);
  CHECK_THAT(r.out, Catch::Contains("imported " + onnx) && Catch::Contains("input [1, 28, 28]") &&
                        Catch::Contains("(from the graph's first nodes)") && Catch::Contains("wrote " + back));
  CHECK(probabilities(f, back) == probabilities(f, kBundledCnn));
  CHECK(nnfs::load_model(back).input_scaling == nnfs::load_model(kBundledCnn).input_scaling);
}

TEST_CASE("cli: import's --pixel-scale/--pixel-offset apply only when the graph has no scaling", "[cli][onnx]") {
  FilesFixture f;
  const std::string plain = f.dir.write_text("plain.onnx", nnfs::test::small_mlp().bytes());
  const std::string out = f.dir.file("imported");  // + .safetensors
  SECTION("the default is torchvision's ToTensor, 1/255 and 0") {
    const nnfs::test::Run r = f.run({"import", plain, "--out", out + ".safetensors"});
    INFO(describe(r));
    REQUIRE(r.code == 0);
    CHECK_THAT(r.out, Catch::Contains("the default: torchvision's ToTensor"));
    CHECK(nnfs::load_model(out + ".safetensors").input_scaling == nnfs::PixelScaling{1.0f / 255.0f, 0.0f});
  }
  SECTION("the flags") {
    const nnfs::test::Run r =
        f.run({"import", plain, "--out", out + ".safetensors", "--pixel-scale", "0.5", "--pixel-offset", "-0.25"});
    INFO(describe(r));
    REQUIRE(r.code == 0);
    CHECK_THAT(r.out, Catch::Contains("x = pixel * 0.5 + -0.25 (--pixel-scale/--pixel-offset)"));
    CHECK(nnfs::load_model(out + ".safetensors").input_scaling == nnfs::PixelScaling{0.5f, -0.25f});
  }
  SECTION("our exporter's graph keeps its own scaling and says the flags are ignored") {
    const std::string onnx = f.dir.file("m.onnx");
    REQUIRE(f.run({"export", "--model", f.model, "--onnx", onnx}).code == 0);
    const nnfs::test::Run r = f.run({"import", onnx, "--out", out + ".safetensors", "--pixel-scale", "0.5"});
    INFO(describe(r));
    REQUIRE(r.code == 0);
    CHECK_THAT(r.out, Catch::Contains("--pixel-scale/--pixel-offset ignored"));
    CHECK(nnfs::load_model(out + ".safetensors").input_scaling == nnfs::load_model(f.model).input_scaling);
  }
  SECTION("a scale that is not a finite positive number is refused") {
    check_refusal(f.refused({"import", plain, "--out", out + ".safetensors", "--pixel-scale", "nan"}), 1,
                  {"--pixel-scale"});
    CHECK_FALSE(fs::exists(out + ".safetensors"));
  }
}

TEST_CASE("cli: import refuses bad files with one line and leaves an existing --out whole", "[cli][onnx]") {
  FilesFixture f;
  const std::string out = f.dir.write_text("out.safetensors", "the previous contents");
  OnnxBuilder unknown = nnfs::test::small_mlp();
  unknown.graph().mutable_node(2)->set_op_type("Swish");
  const std::string unknown_op = f.dir.write_text("unknown.onnx", unknown.bytes());
  SECTION("a missing file") {
    check_refusal(f.refused({"import", f.dir.file("missing.onnx"), "--out", out}), 1, {"missing.onnx"});
  }
  SECTION("a file that is not ONNX") {
    check_refusal(f.refused({"import", f.test_csv, "--out", out}), 1, {"test.csv"});
  }
  SECTION("a model file given as the ONNX input") {
    check_refusal(f.refused({"import", f.model, "--out", out}), 1, {"m.safetensors"});
  }
  SECTION("an op the engine has no layer for, named with its node") {
    check_refusal(f.refused({"import", unknown_op, "--out", out}), 1, {"unknown.onnx", "node 2", "Swish"});
  }
  CHECK(slurp(out) == "the previous contents");
  CHECK(temporaries_of(out) == 0);
}

TEST_CASE("cli: import replaces an existing --out whole", "[cli][onnx]") {
  FilesFixture f;
  const std::string onnx = f.dir.file("m.onnx");
  REQUIRE(f.run({"export", "--model", f.model, "--onnx", onnx}).code == 0);
  const std::string out = f.dir.write_text("out.safetensors", "the previous contents");
  const nnfs::test::Run r = f.run({"import", onnx, "--out", out});
  INFO(describe(r));
  REQUIRE(r.code == 0);
  CHECK(probabilities(f, out) == probabilities(f, f.model));
}
