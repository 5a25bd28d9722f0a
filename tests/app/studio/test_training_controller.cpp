// The studio's training controller without a window: the Training tab's phases from Start to the
// end of a run, the canvas weights following the injected clock, Stop → Save writing a
// checkpoint, and "Continue training" from it ending on the file a run without the stop writes.
#include <catch2/catch.hpp>

#include "app/studio/actions.h"
#include "app/studio/app_state.h"
#include "app/studio/training_controller.h"
#include "engine/model/architecture.h"
#include "engine/model/model_file.h"
#include "engine/train/checkpoint.h"
#include "engine/train/new_model.h"
#include "engine/train/training_record.h"
#include "poll_frames.h"
#include "support/fixtures.h"
#include "support/temp_dir.h"

using namespace nnfs;
using namespace nnfs::studio;

namespace {

// A Training tab set to train the mlp preset on preloaded data (a "CSV" that is never read).
void prepare(AppState& s, double& clock) {
  TrainingTab& t = s.training.tab;
  t.form.data = DataChoice::Csv;
  t.form.csv_path = "digits.csv";
  t.form.preset = "mlp";
  t.form.epochs = 2;
  t.form.batch = 16;
  t.form.seed = 4;
  t.form.threads = 1;
  t.data = std::make_shared<const MnistData>(MnistData{test::digit_patterns(200, 3), test::digit_patterns(60, 4)});
  t.data_key = "csv:digits.csv";
  s.training.clock.now = [&clock] { return clock; };
  s.training.clock.unix_time = [] { return 1.0e9; };
}

// The file the same run writes when nothing interrupts it (what `nnfs train` would write).
std::vector<unsigned char> uninterrupted(const AppState& s, const std::string& path) {
  const TrainingTab& t = s.training.tab;
  const TrainConfig config = training_config(t.form);
  Model model = new_model(resolve_architecture("mlp", 10, "network"), t.data->train, "", config.seed);
  const TrainResult r = run_training(model, t.data->train, &t.data->test, config);
  model.training = training_record(model, {"digits.csv", "mlp"}, config, t.data->train.count, r.state.history);
  save_model(path, model);
  return test::read_bytes(path);
}

}  // namespace

TEST_CASE("training controller: start, stop, save, continue, with phases and an injected clock", "[studio][concurrency]") {
  test::TempDir dir;
  double clock = 0.0;
  AppState s;
  prepare(s, clock);
  TrainingTab& t = s.training.tab;
  CHECK(t.phase == TrainingPhase::Idle);

  // The run pauses itself after 5 of epoch 1's 13 steps, so the stop below lands inside epoch 1
  // however loaded the machine is (a pause asked for from here could come after the epoch ended).
  t.pause_at = 5;
  request_start(s, false);  // no model open: nothing to ask
  CHECK(t.phase == TrainingPhase::WaitingForData);
  poll_training(s);  // the data is there: the run starts
  CHECK(t.phase == TrainingPhase::Running);
  REQUIRE(s.doc.model);
  CHECK(training_active(s));

  // The canvas's model follows the trainer's weights only as the clock allows.
  pause_training(s);
  test::poll_until(s, [&] { return s.training.trainer.state() == TrainingState::Paused; });
  const Model* shown = s.doc.shown().get();
  for (int i = 0; i < 5; ++i) poll_training(s);
  CHECK(s.doc.shown().get() == shown);  // the clock stands still: no refresh
  clock += 1.0;
  poll_training(s);
  CHECK(s.doc.shown().get() != shown);  // a tenth of a second later: the latest weights
  CHECK(s.doc.shown() == s.training.trainer.weights());  // the published object itself
  CHECK(t.weights_time == 1.0);

  stop_training(s);
  CHECK(t.phase == TrainingPhase::Stopping);
  CHECK(awaiting_trainer(s));
  test::poll_until(s, [&] { return t.phase == TrainingPhase::Idle; });
  CHECK(s.training.trainer.state() == TrainingState::Stopped);
  CHECK(s.training.trainer.interrupted());

  // Saving a run that stopped early writes a checkpoint; opening it brings the run back.
  const std::string saved = dir.file("stopped.safetensors");
  REQUIRE(save_model_file(s, saved));
  CHECK(s.doc.path == saved);
  const Checkpoint ck = load_checkpoint(saved);
  CHECK(ck.state.epoch == 1);
  open_model_file(s, saved);
  CHECK(s.training.trainer.interrupted());

  request_start(s, true);
  CHECK(t.phase == TrainingPhase::WaitingForData);
  test::poll_until(s, [&] { return t.phase == TrainingPhase::Idle && !training_active(s); });
  CHECK(s.training.trainer.state() == TrainingState::Finished);
  CHECK_FALSE(s.training.trainer.interrupted());
  CHECK(s.training.history.epochs.size() == 2);

  // The finished run saves as a plain model file, the one an uninterrupted run writes.
  const std::string done = dir.file("done.safetensors");
  REQUIRE(save_model_file(s, done));
  CHECK_FALSE(load_checkpoint_if_any(done));
  CHECK(test::read_bytes(done) == uninterrupted(s, dir.file("expected.safetensors")));
}

TEST_CASE("training controller: the questions are phases", "[studio]") {
  double clock = 0.0;
  AppState s;
  prepare(s, clock);
  TrainingTab& t = s.training.tab;
  s.doc.model = std::make_unique<Model>(new_model(resolve_architecture("mlp", 10, "network"),
                                                  t.data->train, "", 1));
  s.doc.dirty = true;
  request_start(s, false);  // unsaved weights: ask first
  CHECK(t.phase == TrainingPhase::AskingReplace);
  CHECK(std::string(to_string(t.phase)) == "asking_replace");
  question_cancelled(s);
  CHECK(t.phase == TrainingPhase::Idle);
  request_start(s, false);
  start_confirmed(s);
  CHECK(t.phase == TrainingPhase::WaitingForData);
  stop_training(s);  // Stop before the data is there: nothing starts
  CHECK(t.phase == TrainingPhase::Idle);
  poll_training(s);
  CHECK_FALSE(training_active(s));

  // "Stop & discard" answered after the run had already ended: it quits at once.
  CHECK_FALSE(s.quit);
  stop_training_then(s, AfterRun::Quit);
  CHECK(s.quit);
}
