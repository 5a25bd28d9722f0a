// The run library: recording a run, listing, finding by id or name, renaming, removing, liveness
// by the lock, and runs resumed after a crash (engine/runs).
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "engine/runs/run_library.h"
#include "support/fixtures.h"
#include "support/process.h"
#include "support/temp_dir.h"
#include "tests/engine/runs/run_fixture.h"

using namespace nnfs;
using Catch::Contains;
using nnfs::test::TempDir;

TEST_CASE("run library: a recorded run lists with its summary and loads with its history", "[runs]") {
  TempDir dir;
  const std::string lib = dir.file("runs");
  const std::string id = test::record_run(lib, "first").id();
  const std::vector<RunSummary> runs = RunLibrary(lib).list();
  REQUIRE(runs.size() == 1);
  const RunSummary& s = runs[0];
  CHECK(s.id == id);
  CHECK(s.name == "first");
  CHECK(s.state == RunState::Finished);
  CHECK(s.epochs_done == 2);
  CHECK(s.epochs_total == 2);
  CHECK(s.best_test_acc == Approx(0.8));
  CHECK(s.data == "data/digits");
  CHECK(s.network == "mlp");
  CHECK(s.optimizer == "adam lr 0.001");
  CHECK(id.find("-adam-") != std::string::npos);

  const RunInfo info = RunLibrary(lib).load("first");
  CHECK(info.problems.empty());
  CHECK(info.lines(HistoryLine::Kind::Batch).size() == 4);
  CHECK(info.lines(HistoryLine::Kind::Epoch).size() == 2);
  CHECK(info.lines(HistoryLine::Kind::Batch).back().global_step == 4);
  CHECK(info.settings["config"]["epochs"] == 2);
  CHECK(info.settings["config"]["threads"] == 1);
  CHECK(info.settings["preset"] == "mlp");
}

TEST_CASE("run library: the default folder follows NNFS_RUNS_DIR, then XDG_DATA_HOME, then HOME", "[runs]") {
  const std::string saved_runs = std::getenv("NNFS_RUNS_DIR") ? std::getenv("NNFS_RUNS_DIR") : "";
  const std::string saved_xdg = std::getenv("XDG_DATA_HOME") ? std::getenv("XDG_DATA_HOME") : "";
  ::setenv("NNFS_RUNS_DIR", "/tmp/r", 1);
  CHECK(RunLibrary::default_dir() == "/tmp/r");
  ::unsetenv("NNFS_RUNS_DIR");
  ::setenv("XDG_DATA_HOME", "/tmp/xdg", 1);
  CHECK(RunLibrary::default_dir() == "/tmp/xdg/nnfs/runs");
  ::unsetenv("XDG_DATA_HOME");
  CHECK(RunLibrary::default_dir() == std::string(std::getenv("HOME")) + "/.local/share/nnfs/runs");
  if (!saved_runs.empty()) ::setenv("NNFS_RUNS_DIR", saved_runs.c_str(), 1);
  if (!saved_xdg.empty()) ::setenv("XDG_DATA_HOME", saved_xdg.c_str(), 1);
}

TEST_CASE("run library: a live run is running while its recorder holds the lock, then interrupted", "[runs]") {
  TempDir dir;
  const std::string lib = dir.file("runs");
  {
    RunRecorder live = test::record_run(lib, "live", false);
    CHECK(RunLibrary(lib).find("live").state == RunState::Running);
    // A second writer is refused while the first holds the lock, and so is removing it.
    CHECK(test::error_message([&] { RunRecorder::reopen(lib, "live"); }) ==
          "run '" + live.id() + "' is being written by another process (its lock is held)");
    CHECK_THAT(test::error_message([&] { RunLibrary(lib).remove("live"); }),
               Contains("is being written by a running process; stop it first"));
  }
  // The recorder is gone (as after kill -9) and the summary still says running.
  CHECK(RunLibrary(lib).find("live").state == RunState::Interrupted);
}

TEST_CASE("run library: names are unique, renames keep them unique, ids and names both find a run", "[runs]") {
  TempDir dir;
  const std::string lib = dir.file("runs");
  const std::string a = test::record_run(lib, "a").id();
  test::record_run(lib, "b");
  CHECK_THAT(test::error_message([&] { test::record_run(lib, "a"); }),
             Contains("run name 'a' is already used by run " + a));
  const RunLibrary library(lib);
  CHECK(library.find(a).name == "a");
  CHECK(library.find("b").name == "b");
  CHECK(test::error_message([&] { library.find("c"); }) == "no run 'c' in " + lib + " (nnfs runs list shows the runs)");
  CHECK_THAT(test::error_message([&] { library.rename("a", "b"); }), Contains("run name 'b' is already used by run"));
  CHECK_THAT(test::error_message([&] { library.rename("a", ""); }), Contains("must not be empty"));
  CHECK_THAT(test::error_message([&] { library.rename("a", "x/y"); }), Contains("has a control character or '/'"));
  CHECK_THAT(test::error_message([&] { library.rename("a", std::string(101, 'n')); }), Contains("longer than 100"));
  library.rename("a", "adam run");
  CHECK(library.find(a).name == "adam run");
  library.remove("adam run");
  CHECK(library.list().size() == 1);
  CHECK_FALSE(std::filesystem::exists(lib + "/" + a));
}

TEST_CASE("run library: a name two runs share (edited by hand) is an ambiguity, not a guess", "[runs]") {
  TempDir dir;
  const std::string lib = dir.file("runs");
  const std::string a = test::record_run(lib, "a").id();
  const std::string b = test::record_run(lib, "b").id();
  const std::string path = lib + "/" + b + "/summary.json";
  std::string text = test::slurp(path);
  text.replace(text.find("\"name\": \"b\""), 11, "\"name\": \"a\"");
  std::ofstream(path, std::ios::trunc) << text;
  CHECK_THAT(test::error_message([&] { RunLibrary(lib).find("a"); }),
             Contains("run name 'a' is ambiguous: runs ") && Contains(a) && Contains(b) && Contains("give an id"));
  CHECK(RunLibrary(lib).find(a).id == a);
}

TEST_CASE("run library: reopening a run continues its history after a resumed state line", "[runs]") {
  TempDir dir;
  const std::string lib = dir.file("runs");
  const std::string id = test::record_run(lib, "k", false).id();
  RunRecorder rec = RunRecorder::reopen(lib, "k");
  CHECK(rec.id() == id);
  // Resumed from the checkpoint after epoch 1: the old session's epoch 2 was lost.
  TrainState at;
  at.epoch = 2;
  at.history.batch_loss = {1.0f, 0.5f};
  EpochResult e1;
  e1.epoch = 1;
  e1.test_acc = 0.6;
  at.history.add_epoch(e1);
  TrainConfig config = test::small_new_run("k").config;
  rec.on_resume(config, at);
  RunChange change;
  change.epochs = 3;
  change.lr = 5e-4f;
  rec.on_change(change, {2, 0, 0, 0.0, 0.0, 0.0});
  rec.on_batch({2, 1, 2, 0.3, 0.1, 5e-4});
  rec.set_state(RunState::Stopped);
  const RunInfo info = RunLibrary(lib).load(id);
  CHECK(info.problems.empty());
  CHECK(info.summary.state == RunState::Stopped);
  CHECK(info.summary.epochs_done == 1);
  CHECK(info.summary.epochs_total == 3);
  CHECK(info.lines(HistoryLine::Kind::Epoch).size() == 1);      // the lost epoch 2 is dropped
  CHECK(info.lines(HistoryLine::Kind::Batch).size() == 3);      // 2 kept + 1 new
  const std::vector<HistoryLine> changes = info.lines(HistoryLine::Kind::Change);
  REQUIRE(changes.size() == 1);
  CHECK(changes[0].global_step == 2);
  CHECK(changes[0].from.epochs == std::optional<std::size_t>(2));
  CHECK(changes[0].to == change);
  CHECK(rec.config().epochs == 3);
  CHECK(rec.config().optimizer.lr == 5e-4f);
}

TEST_CASE("run library: a rename made while the run is recorded survives the recorder's next summary", "[runs]") {
  TempDir dir;
  const std::string lib = dir.file("runs");
  RunRecorder rec = test::record_run(lib, "old", false);
  RunLibrary(lib).rename("old", "new");
  rec.set_state(RunState::Finished);
  CHECK(RunLibrary(lib).find(rec.id()).name == "new");
}

TEST_CASE("run library: a creation cut short by a crash is hidden, then cleared by the next one", "[runs]") {
  TempDir dir;
  const std::string lib = dir.file("runs");
  std::filesystem::create_directories(lib + "/.new-20261205-000000-adam-abc");
  std::ofstream(lib + "/.new-20261205-000000-adam-abc/settings.json") << "{}";
  std::filesystem::create_directories(lib + "/.new-20261205-000001-adam-new");  // just made: kept
  const auto two_minutes_ago = std::filesystem::file_time_type::clock::now() - std::chrono::minutes(2);
  std::filesystem::last_write_time(lib + "/.new-20261205-000000-adam-abc", two_minutes_ago);
  CHECK(RunLibrary(lib).list().empty());
  test::record_run(lib, "next");
  CHECK_FALSE(std::filesystem::exists(lib + "/.new-20261205-000000-adam-abc"));
  CHECK(std::filesystem::exists(lib + "/.new-20261205-000001-adam-new"));
  CHECK(RunLibrary(lib).list().size() == 1);
}
