// nnfs export --onnx: the file is written and valid; bad outputs are refused with one line.
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <algorithm>
#include <filesystem>

#include "cli_files_fixture.h"

using nnfs::test::check_refusal;
using nnfs::test::FilesFixture;
using nnfs::test::slurp;
namespace fs = std::filesystem;

TEST_CASE("cli: export writes an ONNX file and says what its input and output are", "[cli][onnx]") {
  FilesFixture f;
  const std::string out = f.dir.file("m.onnx");
  const nnfs::test::Run r = f.run({"export", "--model", f.model, "--onnx", out});
  INFO(describe(r));
  CHECK(r.code == 0);
  CHECK_THAT(r.out, Catch::Contains("wrote " + out) && Catch::Contains("input 'image' [N, 1, 28, 28]") &&
                        Catch::Contains("output 'probabilities' [N, 10]"));
  CHECK(fs::file_size(out) > 1000);
}

TEST_CASE("cli: export refuses bad outputs and inputs with one line", "[cli][onnx]") {
  FilesFixture f;
  SECTION("--onnx is the model file") {
    const std::string before = slurp(f.model);
    check_refusal(f.refused({"export", "--model", f.model, "--onnx", f.model}), 2,
                  {"--onnx ", "is the same file as --model"});
    CHECK(slurp(f.model) == before);
  }
  SECTION("--onnx in a missing directory") {
    check_refusal(f.refused({"export", "--model", f.model, "--onnx", f.dir.file("no/such/m.onnx")}), 1,
                  {"--onnx", "no/such"});
  }
  SECTION("--onnx is read-only") {
    const std::string out = f.dir.write_text("ro.onnx", "keep");
    ::chmod(out.c_str(), 0444);
    check_refusal(f.refused({"export", "--model", f.model, "--onnx", out}), 1, {"--onnx", "read-only"});
    CHECK(slurp(out) == "keep");
  }
  SECTION("--onnx is a directory") {
    check_refusal(f.refused({"export", "--model", f.model, "--onnx", f.dir.path().string()}), 1, {"--onnx"});
  }
  SECTION("the model is not a model file") {
    const std::string bad = f.dir.write_text("bad.safetensors", "not a model");
    check_refusal(f.refused({"export", "--model", bad, "--onnx", f.dir.file("m.onnx")}), 1, {"bad.safetensors"});
    CHECK_FALSE(fs::exists(f.dir.file("m.onnx")));
  }
}

// The machine-readable probabilities the ONNX acceptance test compares OpenCV's output with.
TEST_CASE("cli: predict --probabilities adds each class's probability to a classifier's rows", "[cli][onnx]") {
  FilesFixture f;
  const nnfs::test::Run r = f.run({"predict", "--model", f.model, "--input", f.test_csv, "--probabilities"});
  INFO(describe(r));
  REQUIRE(r.code == 0);
  const std::vector<std::string> lines = nnfs::test::lines_of(r.out);
  REQUIRE(lines.size() == 51);
  CHECK(lines[0] == "ImageId,Label,p0,p1,p2,p3,p4,p5,p6,p7,p8,p9");
  for (std::size_t i = 1; i < lines.size(); ++i) {
    std::vector<double> p;
    std::size_t pos = lines[i].find(',', lines[i].find(',') + 1);
    while (pos != std::string::npos) {
      p.push_back(std::stod(lines[i].substr(pos + 1)));
      pos = lines[i].find(',', pos + 1);
    }
    REQUIRE(p.size() == 10);
    double sum = 0;
    for (double v : p) sum += v;
    CHECK(sum == Approx(1.0).margin(1e-4));
    const int label = std::stoi(lines[i].substr(lines[i].find(',') + 1));
    CHECK(std::max_element(p.begin(), p.end()) - p.begin() == label);
  }
}
