// File › Export as ONNX…: the open model is written as ONNX; errors go to the error dialog.
#include <catch2/catch.hpp>
#include <filesystem>

#include "app/studio/actions.h"
#include "app/studio/app_state.h"
#include "engine/model/architecture.h"
#include "support/temp_dir.h"

using namespace nnfs;
using namespace nnfs::studio;

namespace {

std::shared_ptr<const Model> small_model() {
  auto m = std::make_shared<Model>();
  m->net = Sequential::from_architecture({28, 28}, parse_architecture("dense:4,relu,dense:3,softmax"));
  m->net.init(1);
  m->class_names = {"a", "b", "c"};
  return m;
}

}  // namespace

TEST_CASE("studio: Export as ONNX writes the open model", "[studio][onnx]") {
  test::TempDir dir;
  AppState s;
  replace_open_model(s, small_model());
  export_onnx_file(s, dir.file("m.onnx"));
  CHECK(s.dialogs.errors.empty());
  CHECK(std::filesystem::file_size(dir.file("m.onnx")) > 100);
  run_command(s, Command::ExportOnnx);  // the menu item: a save dialog for the export
  CHECK(s.dialogs.file.is_open());
  CHECK(s.dialogs.purpose == FilePurpose::ExportOnnx);
}

TEST_CASE("studio: Export as ONNX errors are one line in the error dialog", "[studio][onnx]") {
  test::TempDir dir;
  AppState s;
  SECTION("an unwritable place") {
    replace_open_model(s, small_model());
    export_onnx_file(s, dir.file("missing/m.onnx"));
  }
  SECTION("no model open") {
    run_command(s, Command::ExportOnnx);
    CHECK_FALSE(s.dialogs.file.is_open());
  }
  REQUIRE(s.dialogs.errors.size() == 1);
  CHECK(s.dialogs.errors.front().title == "Cannot export the model as ONNX");
  CHECK(s.dialogs.errors.front().message.find('\n') == std::string::npos);
}
