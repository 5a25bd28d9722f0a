#include <catch2/catch.hpp>

#include "engine/core/error.h"
#include "engine/layers/layer.h"

using namespace nnfs;
using Catch::Matchers::Contains;

TEST_CASE("layer factory: config round-trips through make_layer", "[layers]") {
  for (auto config : {nlohmann::json{{"type", "dense"}, {"units", 7}, {"init", "xavier"}, {"l2", 0.5}},
                      nlohmann::json{{"type", "relu"}}, nlohmann::json{{"type", "leaky_relu"}, {"alpha", 0.25}},
                      nlohmann::json{{"type", "dropout"}, {"rate", 0.5}}, nlohmann::json{{"type", "softmax"}},
                      nlohmann::json{{"type", "sigmoid"}}, nlohmann::json{{"type", "tanh"}},
                      nlohmann::json{{"type", "linear"}}}) {
    CHECK(make_layer(config)->config() == config);
  }
}

TEST_CASE("layer factory: bad entries are rejected with the reason", "[layers]") {
  CHECK_THROWS_WITH(make_layer({{"type", "conv9"}}), Contains("unknown layer type 'conv9'") && Contains("dense"));
  CHECK_THROWS_WITH(make_layer({{"type", "dense"}}), Contains("units"));
  CHECK_THROWS_WITH(make_layer({{"type", "dense"}, {"units", 3}, {"init", "zeros"}}), Contains("initialiser"));
  CHECK_THROWS_WITH(make_layer(nlohmann::json::array()), Contains("type"));
  CHECK_THROWS_AS(make_layer({{"type", "dense"}, {"units", -3}}), Error);
}

TEST_CASE("layer factory: spatial layers round-trip and validate their settings", "[layers][conv]") {
  using json = nlohmann::json;
  for (auto config : {json{{"type", "conv2d"}, {"filters", 16}, {"kernel", {3, 5}}, {"stride", 2}, {"padding", 1},
                           {"bias", false}, {"init", "xavier"}},
                      json{{"type", "maxpool2d"}, {"size", 3}, {"stride", 2}},
                      json{{"type", "avgpool2d"}, {"size", 2}, {"stride", 2}}, json{{"type", "flatten"}},
                      json{{"type", "batchnorm"}, {"momentum", 0.25}, {"epsilon", 0.125}}}) {
    CHECK(make_layer(config)->config() == config);
  }
  CHECK(make_layer({{"type", "conv2d"}, {"filters", 4}, {"kernel", 5}})->config()["kernel"] == json{5, 5});
  CHECK(make_layer({{"type", "maxpool2d"}})->config()["stride"] == 2);
  CHECK_THROWS_WITH(make_layer({{"type", "conv2d"}}), Contains("filters"));
  CHECK_THROWS_WITH(make_layer({{"type", "conv2d"}, {"filters", 4}, {"kernel", {3}}}), Contains("kernel"));
  CHECK_THROWS_WITH(make_layer({{"type", "conv2d"}, {"filters", 4}, {"kernel", 1000}}), Contains("kernel"));
  CHECK_THROWS_WITH(make_layer({{"type", "conv2d"}, {"filters", 4}, {"padding", -1}}), Contains("padding"));
  CHECK_THROWS_WITH(make_layer({{"type", "maxpool2d"}, {"size", 0}}), Contains("size"));
  CHECK_THROWS_WITH(make_layer({{"type", "batchnorm"}, {"momentum", 2}}), Contains("momentum"));
}
