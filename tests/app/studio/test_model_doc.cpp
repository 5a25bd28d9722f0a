// The open model: one way to replace it, a version every view compares, and the trainer's
// published weights shown (and predicted with) without a copy.
#include <catch2/catch.hpp>

#include <memory>
#include <type_traits>

#include "app/studio/live_predictor.h"
#include "app/studio/model_doc.h"
#include "app/studio/widgets/digit_canvas.h"
#include "engine/train/background_trainer.h"
#include "support/fixtures.h"

using namespace nnfs;
using nnfs::studio::DigitCanvas;
using nnfs::studio::ModelDoc;

namespace {
std::shared_ptr<const Model> digits_model(std::uint64_t seed) {
  Model m = test::small_classifier({28, 28}, 16, 10, seed);
  m.class_names = digit_class_names();
  return std::make_shared<const Model>(std::move(m));
}
}  // namespace

TEST_CASE("model doc: every replacement bumps the version, even at a reused address", "[studio][model]") {
  ModelDoc doc;
  CHECK(doc.shown() == nullptr);
  std::uint64_t seen = doc.version;
  for (int i = 0; i < 5; ++i) {
    // The previous model is freed first, so the allocator may hand the new one the same address:
    // a view that compared addresses would keep showing the old weights.
    studio::replace_model(doc, nullptr);
    studio::replace_model(doc, digits_model(static_cast<std::uint64_t>(i)));
    CHECK(doc.version > seen);
    seen = doc.version;
  }
  studio::replace_model(doc, nullptr);
  CHECK(doc.model == nullptr);
  CHECK(doc.version > seen);
}

TEST_CASE("model doc: live weights are shown while they last, replacing the model drops them", "[studio][model]") {
  ModelDoc doc;
  studio::replace_model(doc, digits_model(1));
  const auto open = doc.model;
  const auto live = digits_model(2);
  const std::uint64_t before = doc.version;
  CHECK(studio::show_live(doc, live));
  CHECK(doc.shown() == live);
  CHECK(doc.model == open);  // the document itself is unchanged
  CHECK(doc.version == before + 1);
  CHECK_FALSE(studio::show_live(doc, live));  // the same object again: nothing new
  CHECK_FALSE(studio::show_live(doc, nullptr));
  CHECK(doc.version == before + 1);
  studio::replace_model(doc, digits_model(3));
  CHECK(doc.live == nullptr);
  CHECK(doc.shown() == doc.model);
}

TEST_CASE("model doc: the canvas predicts with the trainer's published weights, not a copy",
          "[studio][model][concurrency]") {
  static_assert(std::is_same_v<decltype(std::declval<ModelDoc>().shown()), const std::shared_ptr<const Model>&>);
  BackgroundTrainer trainer;
  Model start = test::small_classifier({28, 28}, 16, 10, 5);
  start.class_names = digit_class_names();
  trainer.set_model(std::move(start));
  TrainingJob job;
  job.train = std::make_shared<const Dataset>(test::digit_patterns(200, 1));
  job.config.epochs = 3;
  job.config.batch = 20;
  job.config.threads = 1;
  job.weights_min_interval = 0.0;
  trainer.start(job);

  ModelDoc doc;
  DigitCanvas canvas;
  const ImVec2 stroke[] = {{100, 60}, {180, 60}, {120, 220}};
  canvas.add_stroke(stroke, 20.0f, false);
  Workspace ws;
  int predictions = 0;
  auto predict_latest = [&] {
    const std::shared_ptr<const Model> published = trainer.weights();
    if (!studio::show_live(doc, published)) return;
    const studio::Prediction p = studio::predict_canvas(doc.shown().get(), canvas.raster(), DigitCanvas::kRaster, ws);
    // The object predicted with is the one the trainer published: same address, shared ownership.
    CHECK(doc.shown().get() == published.get());
    CHECK(published.use_count() >= 2);
    CHECK(p.probs.size() == 10);
    ++predictions;
  };
  while (is_active(trainer.state())) predict_latest();
  trainer.join();
  predict_latest();  // the final weights
  CHECK(trainer.state() == TrainingState::Finished);
  CHECK(predictions >= 1);
}
