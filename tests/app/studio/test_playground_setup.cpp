// The playground's setup → the engine's data, architecture and TrainConfig; its pictures.
#include <catch2/catch.hpp>
#include <cmath>

#include "app/studio/playground_picture.h"
#include "app/studio/playground_setup.h"
#include "app/studio/widgets/gl_texture.h"
#include "engine/core/error.h"
#include "engine/model/sequential.h"

using namespace nnfs;
using namespace nnfs::studio;
using json = nlohmann::json;

TEST_CASE("playground setup: every preset round-trips to its own architecture, data and settings", "[playground]") {
  for (const std::string& set : playground_set_names()) {
    INFO(set);
    const PlaygroundPreset preset = playground_preset(set);
    const PlaygroundSetup setup = setup_from_preset(preset);
    const ToyData mine = playground_data(setup);
    const auto spec = toy_data_from_spec(preset.data_spec);
    REQUIRE(spec);
    CHECK(mine.train.features == spec->train.features);  // the same sets `nnfs train --data` makes
    CHECK(mine.test.features == spec->test.features);
    CHECK(mine.train.labels == spec->train.labels);
    const std::size_t outputs = is_regression(setup) ? 1 : mine.train.num_classes();
    CHECK(playground_architecture(setup, outputs) == preset.architecture);
    const TrainConfig t = playground_train_config(setup, mine.train.count);
    CHECK(t.optimizer.type == preset.train.optimizer.type);
    CHECK(t.optimizer.lr == preset.train.optimizer.lr);
    CHECK(t.optimizer.lr_decay == preset.train.optimizer.lr_decay);
    CHECK(t.batch == preset.train.batch);
    CHECK(t.epochs == preset.train.epochs);
    const Model m = playground_model(setup, mine.train);
    CHECK(m.loss == preset.loss);
  }
}

TEST_CASE("playground setup: edits become layers, regularisation and the optimizer's settings", "[playground]") {
  PlaygroundSetup s = setup_from_preset(playground_preset("xor"));
  s.hidden = {{5, "tanh"}, {3, "sigmoid"}};
  s.dropout = 0.1f;
  s.l1 = 1e-4f;
  s.l2 = 5e-4f;
  s.optimizer = "sgd";
  s.lr = 0.5f;
  s.decay = 1e-3f;
  s.momentum = 0.8f;
  const json arch = playground_architecture(s, 2);
  REQUIRE(arch.size() == 8);
  CHECK(arch[0] == json{{"type", "dense"}, {"units", 5}, {"l1", 1e-4f}, {"l2", 5e-4f}});
  CHECK(arch[1] == json{{"type", "tanh"}});
  CHECK(arch[2] == json{{"type", "dropout"}, {"rate", 0.1f}});
  CHECK(arch[3]["units"] == 3);
  CHECK(arch[6]["units"] == 2);
  CHECK(arch[7] == json{{"type", "softmax"}});
  const Sequential net = Sequential::from_architecture({2}, arch);
  CHECK(net.param_count() == (2 * 5 + 5) + (5 * 3 + 3) + (3 * 2 + 2));
  const TrainConfig t = playground_train_config(s, 200);
  CHECK(t.optimizer.type == OptimizerType::Sgd);
  CHECK(t.optimizer.momentum == 0.8f);
  CHECK(t.optimizer.lr_decay == 1e-3f);

  s.hidden.clear();  // no hidden layer: a linear classifier, dense 2 → 2 → softmax
  CHECK(playground_architecture(s, 2).size() == 2);
  s.lr = -1.0f;
  CHECK_THROWS_AS(playground_train_config(s, 200), Error);
}

TEST_CASE("playground setup: data settings reach the generators, bad sizes are errors", "[playground]") {
  PlaygroundSetup s = setup_from_preset(playground_preset("spiral"));
  s.classes = 5;
  s.points = 40;
  s.noise = 0.0f;
  const ToyData d = playground_data(s);
  CHECK(d.train.count == 200);
  CHECK(d.train.num_classes() == 5);
  CHECK(d.test.count == 200);
  CHECK(d.train.features == d.test.features);  // no noise: both draws are the same spiral
  s.points = 4'000'000;  // 5 × 4 million: beyond the generators' 10 million
  CHECK_THROWS_AS(playground_data(s), Error);
}

TEST_CASE("playground picture: regions coloured by class, stronger where the network is surer", "[playground]") {
  BoundaryGrid g;
  g.cells = 2;
  g.label = {0, 1, 2, 1};
  g.confidence = {1.0f, 1.0f / 3.0f, 0.9f, 0.6f};
  const std::uint32_t bg = rgba_pixel(0, 0, 0);
  const auto px = boundary_pixels(g, 3, bg);
  REQUIRE(px.size() == 4);
  const auto red = [](std::uint32_t c) { return static_cast<float>(c & 0xffu); };
  CHECK(red(px[0]) == std::floor(0.75f * red(playground_class_rgba(0)) + 0.5f));
  CHECK(red(px[1]) == std::floor(0.2f * red(playground_class_rgba(1)) + 0.5f));  // chance: a tint
  CHECK(red(px[3]) > red(px[1]));
  CHECK(playground_class_rgba(0) != playground_class_rgba(1));
}

TEST_CASE("playground picture: a classifier's regions and a regression's curve from the weights", "[playground]") {
  PlaygroundSetup s = setup_from_preset(playground_preset("moons"));
  const ToyData d = playground_data(s);
  const Model classifier = playground_model(s, d.train);
  Workspace ws;
  const PlaygroundPicture p = make_picture(classifier, plane_bounds(d.train), kPlaygroundCells, rgba_pixel(0, 0, 0), ws);
  CHECK(p.grid.cells == kPlaygroundCells);
  CHECK(p.pixels.size() == kPlaygroundCells * kPlaygroundCells);
  CHECK(p.curve.empty());

  s = setup_from_preset(playground_preset("sine"));
  const ToyData sine = playground_data(s);
  const Model regression = playground_model(s, sine.train);
  const PlaygroundPicture c = make_picture(regression, {0.0f, 1.0f, -1.0f, 1.0f}, 50, 0, ws);
  CHECK(c.pixels.empty());
  CHECK(c.curve == fitted_curve(regression.net, 0.0f, 1.0f, 50, ws));
}
