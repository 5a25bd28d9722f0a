#include <catch2/catch.hpp>

#include "app/studio/playground_neuron_maps.h"
#include "engine/core/error.h"

using namespace nnfs;
using namespace nnfs::studio;
using json = nlohmann::json;
using Catch::Matchers::Contains;

namespace {

Sequential net_2_4_3() {
  Sequential net = Sequential::from_architecture(
      {2}, json::array({json{{"type", "dense"}, {"units", 4}}, json{{"type", "relu"}}, json{{"type", "dropout"}, {"rate", 0.1}},
                        json{{"type", "dense"}, {"units", 3}}, json{{"type", "softmax"}}}));
  net.init(2);
  return net;
}

}  // namespace

TEST_CASE("neuron maps: one column per Dense, each neuron's output over the grid from the engine's forward", "[playground]") {
  const Sequential net = net_2_4_3();
  Workspace ws;
  const PlaneBounds bounds{-2.0f, 2.0f, -1.0f, 3.0f};
  const NeuronMaps maps = compute_neuron_maps(net, bounds, 10, ws);
  REQUIRE(maps.columns.size() == 3);
  CHECK(maps.columns[0].label == "inputs");
  CHECK(maps.columns[1].label == "dense 4 · relu");
  CHECK(maps.columns[2].label == "dense 3 · softmax");
  CHECK(maps.columns[1].dense_layer == 0);
  CHECK(maps.columns[2].dense_layer == 3);
  CHECK(maps.columns[1].neurons == 4);
  CHECK(maps.columns[2].values.size() == 300);
  // The inputs are the cell centres: x grows left to right, y falls top to bottom.
  CHECK(maps.columns[0].values[0 * 100 + 3] == Approx(-2.0f + 3.5f * 0.4f));
  CHECK(maps.columns[0].values[1 * 100 + 20] == Approx(3.0f - 2.5f * 0.4f));
  // Every cell equals a forward pass of its centre alone.
  for (const std::size_t cell : {0u, 37u, 99u}) {
    Tensor x({1, 2}, {maps.columns[0].values[cell], maps.columns[0].values[100 + cell]});
    Workspace one;
    net.forward(x, one);
    for (std::size_t j = 0; j < 4; ++j) CHECK(maps.columns[1].values[j * 100 + cell] == Approx(one.activation(3)[j]));
    float sum = 0.0f;
    for (std::size_t j = 0; j < 3; ++j) {
      CHECK(maps.columns[2].values[j * 100 + cell] == Approx(one.activation(5)[j]));
      sum += maps.columns[2].values[j * 100 + cell];
    }
    CHECK(sum == Approx(1.0f));
  }
  for (std::size_t j = 0; j < 4; ++j) {
    CHECK(maps.columns[1].lo[j] >= 0.0f);  // after a ReLU
    CHECK(maps.columns[1].lo[j] <= maps.columns[1].hi[j]);
  }
}

TEST_CASE("neuron maps: dense_weight reads the weight from one neuron to the next", "[playground]") {
  const Sequential net = net_2_4_3();
  CHECK(dense_weight(net, 0, 1, 2) == net.params().value(0)[1 * 4 + 2]);
  CHECK(dense_weight(net, 3, 3, 1) == net.params().value(2)[3 * 3 + 1]);
}

TEST_CASE("neuron maps: a 1-input network varies left to right, other inputs are an error", "[playground]") {
  Sequential sine = Sequential::from_architecture({1}, json::array({json{{"type", "dense"}, {"units", 2}}}));
  sine.init(1);
  Workspace ws;
  const NeuronMaps maps = compute_neuron_maps(sine, {}, 4, ws);
  REQUIRE(maps.columns.size() == 2);
  CHECK(maps.columns[0].neurons == 1);
  CHECK(maps.columns[1].values[0] == maps.columns[1].values[4 * 3]);  // same column, other row
  Sequential wide = Sequential::from_architecture({3}, json::array({json{{"type", "dense"}, {"units", 2}}}));
  CHECK_THROWS_WITH(compute_neuron_maps(wide, {}, 4, ws), Contains("1 or 2 inputs, this one takes [3]"));
  CHECK_THROWS_WITH(compute_neuron_maps(sine, {}, 0, ws), Contains("at least 1 cell"));
}
