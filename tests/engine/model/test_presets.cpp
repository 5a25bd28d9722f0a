// Presets: every named network builds for MNIST-shaped inputs, is a K-class classifier, and
// survives a model-file round trip.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>

#include "engine/model/model.h"
#include "engine/model/model_file.h"
#include "support/fixtures.h"
#include "support/temp_dir.h"

using namespace nnfs;

TEST_CASE("presets: mlp, and nnfs when present, are the documented dense networks", "[model]") {
  const nlohmann::json mlp = preset_architecture("mlp", 10);
  REQUIRE(mlp.size() == 4);
  CHECK(mlp[0]["type"] == "dense");
  CHECK(mlp[0]["units"] == 128);
  CHECK(mlp[0]["init"] == "he");
  CHECK(mlp[1]["type"] == "relu");
  CHECK(mlp[2]["units"] == 10);
  CHECK(mlp[3]["type"] == "softmax");
  CHECK(Sequential::from_architecture({28, 28}, mlp).param_count() == 101770);
  // The book's model (being added alongside this test): 784·128+128 + 128·128+128 + 128·10+10.
  const auto names = preset_names();
  if (std::find(names.begin(), names.end(), "nnfs") != names.end())
    CHECK(Sequential::from_architecture({28, 28}, preset_architecture("nnfs", 10)).param_count() == 118282);
  // The output layer follows the number of classes.
  CHECK(Sequential::from_architecture({28, 28}, preset_architecture("mlp", 3)).output_shape() == Shape{3});
}

TEST_CASE("presets: every preset is a classifier for MNIST-shaped images", "[model]") {
  const auto names = preset_names();
  REQUIRE_FALSE(names.empty());
  for (const std::string& name : names) {
    INFO(name);
    Model m;
    m.net = Sequential::from_architecture({28, 28}, preset_architecture(name, 10));
    m.net.init(3);
    m.class_names = digit_class_names();
    CHECK(m.net.output_shape() == Shape{10});
    CHECK(m.net.ends_in_softmax());
    CHECK(m.net.param_count() > 0);
    CHECK_THAT(m.net.summary(), Catch::Contains("total parameters: " + std::to_string(m.net.param_count())));

    const Tensor x = test::random_inputs(m.net, 2, 5);
    Workspace ws;
    const Tensor y = m.net.forward(x, ws);
    REQUIRE(y.shape() == Shape{2, 10});
    for (std::size_t r = 0; r < 2; ++r) {
      double sum = 0.0;
      for (std::size_t j = 0; j < 10; ++j) {
        CHECK(std::isfinite(y.at(r, j)));
        sum += y.at(r, j);
      }
      CHECK(sum == Approx(1.0).epsilon(1e-5));
    }

    test::TempDir dir;
    save_model(dir.file("p.safetensors"), m);
    Model back = load_model(dir.file("p.safetensors"));
    CHECK(back.net.architecture() == m.net.architecture());
    CHECK(test::same_bits(back.net.forward(x, ws), y));
  }
}

TEST_CASE("presets: unknown names and zero classes are errors", "[model]") {
  CHECK_THAT(test::error_message([] { preset_architecture("mpl", 10); }),
             Catch::Contains("'mpl'") && Catch::Contains("mlp"));
  for (const std::string& name : preset_names()) {
    INFO(name);
    CHECK_THAT(test::error_message([&] { preset_architecture(name, 0); }), Catch::Contains(name));
  }
}
