// The Playground tab's logic without a window: the engine's trainer trains what the setup says,
// Step takes one batch, edits rebuild the network, pictures follow the weights, events are
// written — and the book's XOR lesson: no hidden layer fails, one hidden layer solves it.
#include <catch2/catch.hpp>
#include <algorithm>
#include <chrono>
#include <fstream>
#include <thread>

#include "app/studio/playground_controller.h"
#include "support/temp_dir.h"

using namespace nnfs;
using namespace nnfs::studio;

namespace {

// Polls as the frame loop does until `done()`; gives up after 2 minutes instead of hanging.
template <typename F>
void poll_until(PlaygroundDoc& doc, EventLog& events, F&& done) {
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::minutes(2);
  while (!done()) {
    REQUIRE(std::chrono::steady_clock::now() < give_up);
    poll_playground(doc, events, nullptr);
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
}

// Trains until `epochs` epochs are done, then pauses; the latest epoch's numbers.
PlaygroundNumbers train_epochs(PlaygroundDoc& doc, EventLog& events, std::size_t epochs) {
  play_playground(doc);
  poll_until(doc, events, [&] { return playground_numbers(doc).epoch >= epochs; });
  pause_playground(doc);
  poll_until(doc, events, [&] { return doc.progress.state == TrainingState::Paused; });
  return playground_numbers(doc);
}

// The class the latest picture gives the point (x, y).
int class_at(const PlaygroundPicture& p, float x, float y) {
  const BoundaryGrid& g = p.grid;
  const auto col = static_cast<std::size_t>((x - g.bounds.x0) / (g.bounds.x1 - g.bounds.x0) * static_cast<float>(g.cells));
  const auto row = static_cast<std::size_t>((g.bounds.y1 - y) / (g.bounds.y1 - g.bounds.y0) * static_cast<float>(g.cells));
  return g.label[row * g.cells + col];
}

}  // namespace

TEST_CASE("playground: XOR needs a hidden layer, and the boundary shows it", "[playground][concurrency]") {
  EventLog events;
  PlaygroundDoc linear;
  open_playground(linear, "xor");
  linear.setup.hidden.clear();
  apply_playground_setup(linear);
  REQUIRE(linear.error.empty());
  const PlaygroundNumbers fails = train_epochs(linear, events, 400);
  CHECK(fails.accuracy < 0.75);

  PlaygroundDoc hidden;
  open_playground(hidden, "xor");
  REQUIRE(hidden.setup.hidden.size() == 1);
  const PlaygroundNumbers solves = train_epochs(hidden, events, 400);
  CHECK(solves.accuracy >= 0.95);
  CHECK(solves.test_accuracy >= 0.9);
  // The picture of the paused weights: opposite quadrants share a class, neighbours differ.
  poll_until(hidden, events, [&] { return hidden.picture_weights == hidden.trainer.weights(); });
  const PlaygroundPicture& p = hidden.picture;
  REQUIRE(p.grid.cells == kPlaygroundCells);
  CHECK(class_at(p, 0.6f, 0.6f) == class_at(p, -0.6f, -0.6f));
  CHECK(class_at(p, -0.6f, 0.6f) == class_at(p, 0.6f, -0.6f));
  CHECK(class_at(p, 0.6f, 0.6f) != class_at(p, -0.6f, 0.6f));
}

TEST_CASE("playground: Step trains one batch, edits and Reset rebuild the network", "[playground][concurrency]") {
  EventLog events;
  PlaygroundDoc doc;
  open_playground(doc, "spiral");
  step_playground(doc);  // no run yet: starts one that pauses after its first batch
  poll_until(doc, events, [&] { return doc.progress.state == TrainingState::Paused && doc.progress.global_step == 1; });
  step_playground(doc);
  poll_until(doc, events, [&] { return doc.progress.state == TrainingState::Paused && doc.progress.global_step == 2; });
  CHECK(doc.progress.history.batch_loss.size() == 2);
  CHECK(doc.curves.epoch.size() == 2);  // full batch: a step is an epoch

  doc.setup.hidden.push_back({7, "tanh"});  // an edit during a run stops it, then rebuilds
  apply_playground_setup(doc);
  poll_until(doc, events, [&] { return !doc.rebuild_pending; });
  CHECK(doc.built.hidden.size() == 2);
  CHECK(doc.trainer.model_copy().net.param_count() == (2 * 64 + 64) + (64 * 7 + 7) + (7 * 3 + 3));
  CHECK(doc.progress.history.batch_loss.empty());  // new weights, a new history
  CHECK(doc.curves.epoch.empty());

  const std::uint64_t seed = doc.setup.seed;
  reset_playground(doc);
  CHECK(doc.built.hidden.size() == 1);  // the preset's network again
  CHECK(doc.built.seed == seed + 1);    // with new weights

  doc.setup.lr = 0.0f;  // refused with the engine's message, shown in the tab
  apply_playground_setup(doc);
  CHECK_FALSE(doc.error.empty());
}

TEST_CASE("playground: events at least once a second while training", "[playground][concurrency]") {
  test::TempDir dir;
  const std::string path = dir.file("events.jsonl");
  PlaygroundDoc doc;
  double now = 0.0;  // the controller's clock, a quarter of a second per frame (exact in binary)
  doc.clock.now = [&] { return now; };
  {
    EventLog events;
    events.open(path);
    open_playground(doc, "moons");
    play_playground(doc);
    for (int frame = 0; frame <= 8; ++frame) {
      now = 0.25 * frame;
      poll_playground(doc, events, nullptr);
    }
    pause_playground(doc);  // a pause, and then each step, is reported once at once
    poll_until(doc, events, [&] { return doc.progress.state == TrainingState::Paused; });
    const std::uint64_t paused_at = doc.progress.global_step;
    step_playground(doc);
    poll_until(doc, events, [&] { return doc.progress.state == TrainingState::Paused && doc.progress.global_step > paused_at; });
    poll_playground(doc, events, nullptr);
    doc.trainer.stop();
  }
  std::ifstream in(path);
  std::string line;
  std::vector<double> epochs;
  std::vector<std::string> states;
  while (std::getline(in, line)) {
    const auto j = nlohmann::json::parse(line);
    CHECK(j["event"] == "playground");
    CHECK(j["set"] == "moons");
    for (const char* key : {"loss", "accuracy", "test_accuracy", "step"}) CHECK(j.contains(key));
    epochs.push_back(j["epoch"].get<double>());
    states.push_back(j["state"].get<std::string>());
  }
  // At 0, 0.5, 1, 1.5 and 2 seconds (twice a second), then paused, then paused one step later.
  REQUIRE(states.size() >= 7);
  CHECK(std::vector<std::string>(states.begin(), states.begin() + 5) == std::vector<std::string>(5, "running"));
  CHECK(states.back() == "paused");
  CHECK(epochs.back() == epochs[epochs.size() - 2] + 1);
  CHECK(std::is_sorted(epochs.begin(), epochs.end()));
}
