// File › Open… on an .onnx file: the graph is imported (engine/onnx, as `nnfs import`) on the
// model-opening job; a bad file is one line in the error dialog and the open model stays.
#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <thread>

#include "app/studio/actions.h"
#include "app/studio/app_state.h"
#include "engine/model/architecture.h"
#include "engine/onnx/onnx_export.h"
#include "support/temp_dir.h"

using namespace nnfs;
using namespace nnfs::studio;

namespace {

std::shared_ptr<const Model> small_model(std::uint64_t seed) {
  auto m = std::make_shared<Model>();
  m->net = Sequential::from_architecture({28, 28}, parse_architecture("dense:4,relu,dense:3,softmax"));
  m->net.init(seed);
  m->class_names = {"0", "1", "2"};
  return m;
}

// Polls the file jobs as the frame loop does until the model job is done (2 minutes at most, so a
// hang fails instead of blocking the suite).
void finish_opening(AppState& s) {
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::minutes(2);
  while (s.files.running()) {
    REQUIRE(std::chrono::steady_clock::now() < give_up);
    poll_background(s);
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  poll_background(s);
}

std::vector<float> weights(const Model& m) {
  const auto w = m.net.params().values();
  return {w.begin(), w.end()};
}

}  // namespace

TEST_CASE("studio: Open imports an .onnx graph as an unsaved model", "[studio][onnx]") {
  test::TempDir dir;
  const auto exported = small_model(7);
  export_onnx(*exported, dir.file("m.onnx"));
  AppState s;
  replace_open_model(s, small_model(1));
  open_model_file(s, dir.file("m.onnx"));
  finish_opening(s);
  REQUIRE(s.dialogs.errors.empty());
  REQUIRE(s.doc.model);
  CHECK(weights(*s.doc.model) == weights(*exported));
  CHECK(s.doc.model->input_scaling == exported->input_scaling);  // our exporter's scaling nodes
  // Save must ask for a .safetensors name, never write over the .onnx.
  CHECK(s.doc.path.empty());
  CHECK(s.doc.dirty);
  CHECK(is_onnx_path("a/b.onnx"));
  CHECK_FALSE(is_onnx_path("a/b.onnx.safetensors"));
}

TEST_CASE("studio: a bad .onnx is one line in the error dialog and the open model stays", "[studio][onnx]") {
  test::TempDir dir;
  const std::string bad = dir.file("bad.onnx");
  std::ofstream(bad) << "this is not a protobuf";
  AppState s;
  const auto kept = small_model(3);
  replace_open_model(s, kept);
  open_model_file(s, bad);
  finish_opening(s);
  REQUIRE(s.dialogs.errors.size() == 1);
  CHECK(s.dialogs.errors.front().title == "Cannot open the model");
  const std::string& message = s.dialogs.errors.front().message;
  CHECK(message.find('\n') == std::string::npos);
  CHECK(message.find("bad.onnx") != std::string::npos);
  REQUIRE(s.doc.model);
  CHECK(weights(*s.doc.model) == weights(*kept));
}

TEST_CASE("studio: Open Model's dialog lists .onnx files", "[studio][onnx]") {
  AppState s;
  run_command(s, Command::OpenModel);
  REQUIRE(s.dialogs.file.is_open());
  CHECK(s.dialogs.purpose == FilePurpose::OpenModel);
  const auto& first = s.dialogs.file.filters().front().extensions;
  CHECK(std::find(first.begin(), first.end(), ".onnx") != first.end());
  CHECK(std::find(first.begin(), first.end(), ".safetensors") != first.end());
}
