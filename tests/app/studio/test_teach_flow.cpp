// "Teach the model my digits" in the studio without a window: why the button is disabled, the
// whole flow (scores before, the run on the BackgroundTrainer, scores after, the events), that the
// run is the one `nnfs train --init --extra` makes, a stopped run, and Undo.
#include <catch2/catch.hpp>
#include <fstream>

#include "app/studio/actions.h"
#include "app/studio/app_state.h"
#include "app/studio/teach_flow.h"
#include "app/studio/training_controller.h"
#include "engine/core/error.h"
#include "engine/train/clone_model.h"
#include "engine/train/epoch_loop.h"
#include "poll_frames.h"
#include "support/temp_dir.h"
#include "teach_fixtures.h"

using namespace nnfs;
using namespace nnfs::studio;
using json = nlohmann::json;

namespace {

// My digits' counts, as the studio's store reports them (the flow reads the digits from disk).
class CountsSink : public DigitSink {
 public:
  explicit CountsSink(std::vector<std::size_t> counts) : counts_(std::move(counts)) {}
  void add(const LabelledDrawing&) override { throw Error("read-only"); }
  std::vector<std::size_t> counts() const override { return counts_; }

 private:
  std::vector<std::size_t> counts_;
};

// A studio with a model, My digits (5 ones, 10 sevens, 6 zeros) and loaded data (a "CSV" that is
// never read), one training thread and seed 4.
void prepare(AppState& s, const test::TempDir& tmp) {
  s.teach.digits_dir = tmp.file("my-digits");
  s.my_digits.counts = test::write_digit_store(s.teach.digits_dir, {{1, 5}, {7, 10}, {0, 6}});
  s.my_digits.sink = std::make_unique<CountsSink>(s.my_digits.counts);
  TrainingTab& t = s.training.tab;
  t.form.data = DataChoice::Csv;
  t.form.csv_path = "digits.csv";
  t.form.seed = 4;
  t.form.threads = 1;
  t.data = std::make_shared<const MnistData>(MnistData{test::digit_patterns(200, 3), test::digit_patterns(60, 4)});
  t.data_key = "csv:digits.csv";
  Model model = test::digit_mlp(2);
  model.training["preset"] = "mlp";
  s.doc.model = std::make_shared<const Model>(std::move(model));
  s.events.open(tmp.file("events.jsonl"));
}

std::vector<json> events(const test::TempDir& tmp, const std::string& name) {
  std::ifstream in(tmp.file("events.jsonl"));
  std::vector<json> found;
  for (std::string line; std::getline(in, line);)
    if (json e = json::parse(line); e["event"] == name) found.push_back(e);
  return found;
}

}  // namespace

TEST_CASE("teach: the button says why it is disabled", "[studio][teach]") {
  test::TempDir tmp;
  AppState s;
  prepare(s, tmp);
  CHECK(teach_blocker(s).empty());
  const auto model = std::exchange(s.doc.model, nullptr);
  CHECK(teach_blocker(s) == "No model is open — open or train one first");
  s.doc.model = std::make_shared<const Model>(test::small_classifier({3}, 4, 3, 1));
  CHECK(teach_blocker(s).rfind("This model cannot read drawings: ", 0) == 0);
  s.doc.model = model;
  s.training.tab.phase = TrainingPhase::WaitingForData;
  CHECK(teach_blocker(s) == "Training is running — stop it first (Training tab)");
  s.training.tab.phase = TrainingPhase::Idle;
  auto sink = std::move(s.my_digits.sink);
  CHECK(teach_blocker(s) == "My digits is not open");
  s.my_digits.sink = std::move(sink);
  s.my_digits.counts[7] = 2;
  CHECK(teach_blocker(s) ==
        "Teaching needs at least 5 of each digit you keep (one in five is held out to score it): 7 has 2");
  s.my_digits.counts[7] = 10;
  const auto data = std::exchange(s.training.tab.data, nullptr);
  CHECK(teach_blocker(s) == "Open the MNIST data first (File › Open dataset…): your digits are mixed into it");
  request_teach(s);  // a blocked request: the reason in the error dialog, nothing starts
  REQUIRE(s.dialogs.errors.size() == 1);
  CHECK(s.dialogs.errors.front().title == "Cannot teach the model");
  CHECK(s.teach.step == TeachStep::Idle);
  s.training.tab.data = data;
  CHECK(teach_blocker(s).empty());
}

TEST_CASE("teach: before, the run nnfs train --init --extra makes, after, and Undo", "[studio][teach][concurrency]") {
  test::TempDir tmp;
  AppState s;
  prepare(s, tmp);
  const std::shared_ptr<const Model> before = s.doc.model;
  request_teach(s);
  CHECK(s.teach.step == TeachStep::Preparing);
  CHECK(teach_blocker(s) == "The model is being taught");
  test::poll_until(s, [&] { return s.teach.step != TeachStep::Preparing; });
  CHECK(s.teach.step == TeachStep::Training);
  CHECK(s.training.tab.phase == TrainingPhase::Running);
  test::poll_until(s, [&] { return s.teach.step == TeachStep::Idle; });
  REQUIRE(s.teach.session.phase() == TeachSession::Phase::Done);
  CHECK(s.training.trainer.state() == TrainingState::Finished);
  CHECK(s.teach.ended == TrainingState::Finished);

  // The same digits held out (same seed), the same scores before.
  const MnistData& data = *s.training.tab.data;
  const TeachPlan plan = plan_teaching(*before, &data.test, s.teach.digits_dir, 4);
  CHECK(s.teach.held_out == 4);
  CHECK(s.teach.taught_digits == 17);
  CHECK(s.teach.test_images == 60);
  CHECK(s.teach.session.before().mine == plan.before.mine);
  CHECK(s.teach.session.before().mnist == plan.before.mnist);
  // The taught model is the run of the engine's recipe from the same weights, bit for bit.
  Model expected = clone_model(*before);
  run_training(expected, data.train, &data.test, teach_config(4, 1), {}, nullptr, nullptr, &plan.extra);
  REQUIRE(s.doc.model != before);
  CHECK(std::ranges::equal(s.doc.model->net.params().values(), expected.net.params().values()));
  CHECK(s.doc.dirty);
  CHECK(s.doc.model->training["preset"] == "mlp");  // the record keeps the network's preset
  const TeachScore after = score_model(expected, plan.extra.holdout.get(), &data.test);
  CHECK(s.teach.session.after().mine == after.mine);
  CHECK(s.teach.session.after().mnist == after.mnist);

  const auto started = events(tmp, "teach_started");
  REQUIRE(started.size() == 1);
  CHECK(started[0]["held_out_ids"].get<std::vector<std::uint64_t>>() == plan.held_out_ids);
  CHECK(started[0]["epochs"] == 1);
  CHECK(started[0]["before"]["mine"] == plan.before.mine);
  const auto result = events(tmp, "teach_result");
  REQUIRE(result.size() == 1);
  CHECK(result[0]["state"] == "finished");
  CHECK(result[0]["after"]["mnist"] == after.mnist);
  CHECK(result[0]["rows"][1]["after"] == teach_rows(plan.before, after, 4, 60)[1].after);

  undo_teach(s);
  CHECK(s.doc.model == before);
  CHECK(s.teach.session.phase() == TeachSession::Phase::Undone);
  CHECK(events(tmp, "teach_undone").size() == 1);
  undo_teach(s);  // once only
  REQUIRE(s.dialogs.errors.size() == 1);
  CHECK(s.dialogs.errors.front().message == "nothing to undo: no teaching run has finished");
}

TEST_CASE("teach: a stopped run is scored as it stands and can be undone", "[studio][teach][concurrency]") {
  test::TempDir tmp;
  AppState s;
  prepare(s, tmp);
  const std::shared_ptr<const Model> before = s.doc.model;
  s.training.tab.pause_at = 1;  // the run pauses after its first of 3 batches
  request_teach(s);
  test::poll_until(s, [&] { return s.training.trainer.state() == TrainingState::Paused; });
  stop_training(s);
  test::poll_until(s, [&] { return s.teach.step == TeachStep::Idle; });
  CHECK(s.teach.ended == TrainingState::Stopped);
  REQUIRE(s.teach.session.phase() == TeachSession::Phase::Done);
  CHECK(s.teach.session.after().mine >= 0.0);
  CHECK(events(tmp, "teach_result").at(0)["state"] == "stopped");
  undo_teach(s);
  CHECK(s.doc.model == before);
}
