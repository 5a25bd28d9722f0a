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
