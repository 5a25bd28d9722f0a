// The canvas → preprocessing → model path the studio runs on every change of the drawing.
#include <catch2/catch.hpp>
#include <numeric>

#include "app/studio/live_predictor.h"
#include "app/studio/widgets/digit_canvas.h"
#include "engine/model/model.h"

using namespace nnfs;
using nnfs::studio::DigitCanvas;

namespace {
Model mlp() {
  Model m;
  m.net = Sequential::from_architecture({28, 28}, preset_architecture("mlp", 10));
  m.net.init(3);
  m.class_names = digit_class_names();
  return m;
}
}  // namespace

TEST_CASE("An empty canvas is not classified", "[studio][predict]") {
  Model m = mlp();
  Workspace ws;
  DigitCanvas c;
  const studio::Prediction p = studio::predict_canvas(&m, c.raster(), DigitCanvas::kRaster, ws);
  CHECK(p.empty);
  CHECK(p.label == -1);
  CHECK(p.probs.empty());
}

TEST_CASE("A drawing gives one probability per class and its 28x28 input", "[studio][predict]") {
  Model m = mlp();
  Workspace ws;
  DigitCanvas c;
  const ImVec2 stroke[] = {{100, 60}, {180, 60}, {120, 220}};
  c.add_stroke(stroke, 20.0f, false);
  const studio::Prediction p = studio::predict_canvas(&m, c.raster(), DigitCanvas::kRaster, ws);
  REQUIRE_FALSE(p.empty);
  REQUIRE(p.probs.size() == 10);
  CHECK(std::accumulate(p.probs.begin(), p.probs.end(), 0.0) == Approx(1.0).epsilon(1e-4));
  CHECK(p.label >= 0);
  CHECK(p.label < 10);
  CHECK(std::accumulate(p.input.begin(), p.input.end(), 0) > 0);
  CHECK(p.ms >= 0.0);

  // Without a model: the preprocessed image, no guess.
  const studio::Prediction q = studio::predict_canvas(nullptr, c.raster(), DigitCanvas::kRaster, ws);
  CHECK_FALSE(q.empty);
  CHECK(q.label == -1);
  CHECK(q.input == p.input);
}

TEST_CASE("A model that does not read 28x28 images is named as such", "[studio][predict]") {
  Model m;
  m.net = Sequential::from_architecture({2}, preset_architecture("mlp", 3));
  CHECK_FALSE(studio::canvas_incompatibility(m).empty());
  CHECK(studio::canvas_incompatibility(mlp()).empty());
}
