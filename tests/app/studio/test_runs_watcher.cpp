// The Runs tab's watcher: lists the library on its own thread, follows ticked runs as they are
// written, renames and removes runs, and reports a command that fails — with snapshots the UI
// takes without waiting. Waits are for events (snapshot versions), never timed.
#include <catch2/catch.hpp>

#include <atomic>
#include <memory>

#include "app/studio/runs_watcher.h"
#include "engine/runs/run_recorder.h"
#include "support/temp_dir.h"
#include "support/wait.h"

using namespace nnfs;
using namespace nnfs::studio;
using nnfs::test::wait_until;

namespace {

NewRun new_run(const std::string& name) {
  NewRun run;
  run.name = name;
  run.config.epochs = 2;
  run.config.batch = 10;
  run.network = "dense:8,relu,dense:3,softmax";
  run.train_samples = 40;
  return run;
}

BatchProgress at(std::size_t epoch, std::size_t step) {
  BatchProgress p;
  p.epoch = epoch;
  p.step = step;
  p.steps_per_epoch = 4;
  p.loss = 1.0 / static_cast<double>(step + 1);
  return p;
}

std::shared_ptr<const RunsSnapshot> wait_for(const RunsWatcher& w, const std::function<bool(const RunsSnapshot&)>& done) {
  std::shared_ptr<const RunsSnapshot> s;
  wait_until([&] { return done(*(s = w.snapshot())); });
  return s;
}

}  // namespace

TEST_CASE("runs watcher: lists, follows a run as it is written, renames and removes", "[studio][runs]") {
  test::TempDir dir;
  const std::string library = (dir.path() / "runs").string();
  std::atomic<int> wakes{0};
  RunsWatcher watcher(library, [&] { ++wakes; }, 0.01);
  wait_for(watcher, [](const RunsSnapshot& snap) { return snap.version > 0 || snap.runs.empty(); });

  auto live = std::make_unique<RunRecorder>(RunRecorder::create(library, new_run("live")));
  { RunRecorder done = RunRecorder::create(library, new_run("done")); done.set_state(RunState::Finished); }
  auto s = wait_for(watcher, [](const RunsSnapshot& snap) { return snap.runs.size() == 2; });
  CHECK(wakes > 0);
  const std::string live_id = live->id();

  watcher.follow({live_id});
  s = wait_for(watcher, [&](const RunsSnapshot& snap) { return snap.followed.count(live_id) == 1; });
  CHECK(s->followed.at(live_id)->settings.at("train_samples") == 40);
  for (std::size_t step = 1; step <= 3; ++step) live->on_batch(at(1, step));
  s = wait_for(watcher, [&](const RunsSnapshot& snap) {
    return snap.followed.count(live_id) && snap.followed.at(live_id)->curves.history.batch_loss.size() == 3;
  });
  live->on_batch(at(1, 4));
  s = wait_for(watcher, [&](const RunsSnapshot& snap) { return snap.followed.at(live_id)->curves.history.batch_loss.size() == 4; });
  CHECK(s->followed.at(live_id)->curves.steps_per_epoch == 4);

  // A live run cannot be removed: the failure is reported in the snapshot.
  watcher.remove(live_id);
  s = wait_for(watcher, [](const RunsSnapshot& snap) { return snap.command_errors == 1; });
  CHECK_FALSE(s->command_error.empty());
  CHECK(s->runs.size() == 2);

  watcher.rename("done", "finished one");
  s = wait_for(watcher, [](const RunsSnapshot& snap) {
    return std::any_of(snap.runs.begin(), snap.runs.end(), [](const RunSummary& r) { return r.name == "finished one"; });
  });
  watcher.remove("finished one");
  s = wait_for(watcher, [](const RunsSnapshot& snap) { return snap.runs.size() == 1; });
  CHECK(s->runs[0].id == live_id);

  // Unticked: no longer followed.
  watcher.follow({});
  s = wait_for(watcher, [](const RunsSnapshot& snap) { return snap.followed.empty(); });
  live.reset();
}
