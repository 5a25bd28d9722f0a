#include <catch2/catch.hpp>

#include "app/studio/playground_preset.h"
#include "engine/core/error.h"
#include "engine/data/toy_datasets.h"
#include "engine/model/sequential.h"

using namespace nnfs;
using namespace nnfs::studio;
using Catch::Matchers::Contains;

TEST_CASE("playground presets: the book's spiral setting, 2-64-3 with Adam lr 0.05 decay 5e-7", "[playground]") {
  const PlaygroundPreset p = playground_preset("spiral");
  CHECK(p.data_spec == "spiral:3:100");
  CHECK(p.loss == "categorical_crossentropy");
  CHECK(p.train.optimizer.type == OptimizerType::Adam);
  CHECK(p.train.optimizer.lr == 0.05f);
  CHECK(p.train.optimizer.lr_decay == 5e-7f);
  const Sequential net = Sequential::from_architecture({2}, p.architecture);
  CHECK(net.param_count() == 2 * 64 + 64 + 64 * 3 + 3);
  CHECK(net.output_shape() == Shape{3});
  CHECK(net.ends_in_softmax());
}

TEST_CASE("playground presets: every set's data, network and settings fit together", "[playground]") {
  for (const std::string& set : playground_set_names()) {
    INFO(set);
    const PlaygroundPreset p = playground_preset(set);
    CHECK(p.set == set);
    const auto data = toy_data_from_spec(p.data_spec);
    REQUIRE(data);
    CHECK_NOTHROW(p.train.validate());
    CHECK(p.train.batch == data->train.count);  // the book's full-batch steps
    const Sequential net = Sequential::from_architecture(data->train.sample_shape, p.architecture);
    if (set == "sine") {
      CHECK(p.loss == "mse");
      CHECK(net.output_shape() == Shape{1});
    } else {
      CHECK(net.output_shape() == Shape{data->train.num_classes()});
    }
  }
  CHECK_THROWS_WITH(playground_preset("spirals"),
                    Contains("--playground spirals: unknown data set, expected one of spiral, vertical, sine, circles, xor, moons"));
}
