// `nnfs train` records runs and `nnfs runs` reads them (issue 14, acceptance 1 and 2 on small
// MNIST-shaped data): three named runs compared; a run killed with SIGKILL in the middle of its
// second epoch lists as interrupted and `--resume NAME` finishes it byte-identical to a run never
// interrupted; `--resume NAME --epochs 5 --lr 5e-4` continues with the change recorded.
#include <signal.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "engine/runs/run_info.h"
#include "engine/runs/run_library.h"
#include "run_progress.h"
#include "support/fixtures.h"
#include "support/mnist_dir.h"
#include "support/process.h"
#include "support/temp_dir.h"

using namespace nnfs;
using json = nlohmann::json;
using nnfs::test::describe;
using nnfs::test::Run;
using nnfs::test::TempDir;
using Catch::Contains;
using nnfs::test::last_batch;

namespace {

Run run_nnfs(const TempDir& dir, const std::vector<std::string>& args) {
  return nnfs::test::run_program(NNFS_CLI_PATH, dir, args);
}

json run_json(const TempDir& dir, const std::vector<std::string>& args) {
  const Run r = run_nnfs(dir, args);
  INFO(describe(r));
  REQUIRE(r.code == 0);
  return json::parse(r.out);
}

std::string library(const TempDir& dir) { return dir.file("runs"); }  // support/process sets NNFS_RUNS_DIR

}  // namespace

TEST_CASE("cli: three named runs are listed and compared, the optimizer the only difference", "[cli][runs]") {
  TempDir dir;
  const std::string data = test::write_mnist_dir(dir, "mnist", test::digit_patterns(200, 1), test::digit_patterns(60, 2));
  const std::vector<std::string> common = {"train", "--data", data, "--model", "mlp", "--epochs", "2", "--threads", "1"};
  for (const std::vector<std::string>& extra : {std::vector<std::string>{"--name", "a", "--optimizer", "adam"},
                                                {"--name", "b", "--optimizer", "sgd", "--lr", "0.1", "--momentum", "0.9"},
                                                {"--name", "c", "--optimizer", "rmsprop"}}) {
    std::vector<std::string> args = common;
    args.insert(args.end(), extra.begin(), extra.end());
    const Run r = run_nnfs(dir, args);
    INFO(describe(r));
    REQUIRE(r.code == 0);
    CHECK_THAT(r.out, Contains("recorded run '" + extra[1] + "' ("));
  }
  const json list = run_json(dir, {"runs", "list", "--json"});
  REQUIRE(list.size() == 3);
  std::set<std::string> names;
  for (const json& run : list) {
    names.insert(run["name"].get<std::string>());
    CHECK(run["state"] == "finished");
    CHECK(run["epochs"] == 2);
    CHECK(run["best_test_acc"].is_number());
    CHECK(run["id"].is_string());
    CHECK(run["started"].is_string());
  }
  CHECK(names == std::set<std::string>{"a", "b", "c"});
  CHECK(list[0]["started"] >= list[2]["started"]);  // newest first

  const json cmp = run_json(dir, {"runs", "compare", "a", "b", "c", "--json"});
  REQUIRE(cmp["epochs"].size() == 2);
  for (const json& row : cmp["epochs"]) {
    REQUIRE(row["runs"].size() == 3);
    for (const json& r : row["runs"]) CHECK(r["test_acc"].is_number());
  }
  REQUIRE_FALSE(cmp["differences"].empty());
  for (const auto& [key, values] : cmp["differences"].items()) {
    INFO(key);
    CHECK(key.rfind("config.optimizer.", 0) == 0);
  }
  CHECK(cmp["differences"]["config.optimizer.type"] == json::array({"adam", "sgd", "rmsprop"}));

  const Run text = run_nnfs(dir, {"runs", "compare", "a", "b", "c"});
  INFO(describe(text));
  REQUIRE(text.code == 0);
  CHECK_THAT(text.out, Contains("EPOCH  a loss") && Contains("settings that differ") &&
                           Contains("config.optimizer.type") && !Contains("config.seed"));
  const Run table = run_nnfs(dir, {"runs", "list"});
  CHECK_THAT(table.out, Contains("finished") && Contains("sgd lr 0.1 momentum 0.9"));
}

TEST_CASE("cli: a run killed mid-epoch resumes by name to the uninterrupted model, and a resume may change it",
          "[cli][runs]") {
  TempDir dir;
  // 1000 images in batches of 2: 500 steps an epoch, so the kill lands inside epoch 2. The network
  // is wide enough (~0.3 ms a step) that the ~490 steps between the trigger and the epoch's end
  // outlast the watcher's polling on a loaded machine (with the mlp preset an epoch took ~10 ms
  // and the kill sometimes landed after it).
  const std::string data = test::write_mnist_dir(dir, "mnist", test::digit_patterns(1000, 1), test::digit_patterns(50, 2));
  const std::vector<std::string> settings = {"--data", data, "--arch", "dense:256,relu,dense:256,relu,dense:10,softmax",
                                             "--epochs", "3", "--batch", "2",
                                             "--threads", "1", "--seed", "4"};
  auto train = [&](std::vector<std::string> extra) {
    std::vector<std::string> args = {"train"};
    args.insert(args.end(), settings.begin(), settings.end());
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
  };
  const std::string lib = library(dir);
  const Run killed = test::run_program_until(NNFS_CLI_PATH, dir, train({"--name", "k"}), [&] {
    const auto [epoch, step] = last_batch(lib);
    return epoch == 2 && step >= 10;
  });
  INFO(describe(killed));
  REQUIRE(killed.code == -SIGKILL);
  REQUIRE(last_batch(lib).first == 2);  // it died in epoch 2
  const json listed = run_json(dir, {"runs", "list", "--json"});
  REQUIRE(listed.size() == 1);
  CHECK(listed[0]["state"] == "interrupted");
  CHECK(listed[0]["epochs"] == 1);
  const std::string k_dir = listed[0]["dir"];

  const Run resumed = run_nnfs(dir, {"train", "--resume", "k"});
  INFO(describe(resumed));
  REQUIRE(resumed.code == 0);
  CHECK_THAT(resumed.out, Contains("resuming ") && Contains("at epoch 2, batch 0"));
  const Run straight = run_nnfs(dir, train({"--name", "straight", "--out", dir.file("straight.safetensors")}));
  INFO(describe(straight));
  REQUIRE(straight.code == 0);
  CHECK(test::read_bytes(k_dir + "/model.safetensors") == test::read_bytes(dir.file("straight.safetensors")));

  RunInfo k = RunLibrary(lib).load("k");
  CHECK(k.problems.empty());
  CHECK(k.summary.state == RunState::Finished);
  CHECK(k.lines(HistoryLine::Kind::Epoch).size() == 3);
  CHECK(k.lines(HistoryLine::Kind::Batch).size() == 1500);  // the lost part of epoch 2 is dropped

  const Run more = run_nnfs(dir, {"train", "--resume", "k", "--epochs", "5", "--lr", "5e-4"});
  INFO(describe(more));
  REQUIRE(more.code == 0);
  const json shown = run_json(dir, {"runs", "show", "k", "--json"});
  CHECK(shown["summary"]["state"] == "finished");
  CHECK(shown["summary"]["epochs"] == 5);
  CHECK(shown["epochs"].size() == 5);
  REQUIRE(shown["changes"].size() == 1);
  const json& change = shown["changes"][0];
  CHECK(change["global_step"] == 1500);
  CHECK(change["epoch"] == 4);
  CHECK(change["step"] == 0);
  CHECK(change["from"] == json({{"epochs", 3}, {"lr", 0.0010000000474974513}}));
  CHECK(change["to"]["epochs"] == 5);
  CHECK(change["to"]["lr"].get<double>() == Approx(5e-4));
  k = RunLibrary(lib).load("k");
  CHECK(k.lines(HistoryLine::Kind::Batch).back().lr == Approx(5e-4));  // the resumed run honours it
  const Run text = run_nnfs(dir, {"runs", "show", "k"});
  CHECK_THAT(text.out, Contains("changes\n  epoch 4 after batch 0 (step 1500): epochs 3 -> 5, lr 0.001 -> 0.0005"));
}

TEST_CASE("cli: Ctrl+C stops a recorded run, which says how to continue it", "[cli][runs]") {
  TempDir dir;
  const std::string data = test::write_mnist_dir(dir, "mnist", test::digit_patterns(300, 1), test::digit_patterns(50, 2));
  const Run r = nnfs::test::run_program(NNFS_CLI_PATH, dir,
                                        {"train", "--data", data, "--epochs", "50", "--batch", "32", "--threads", "1",
                                         "--print-every", "1", "--name", "stopme"},
                                        "epoch ", SIGINT);
  INFO(describe(r));
  REQUIRE(r.interrupted);
  CHECK(r.code == -SIGINT);
  CHECK_THAT(r.err, Contains("nnfs: SIGINT: stopped at epoch ") && Contains("; saved as run 'stopme' (") &&
                        Contains("(continue with: nnfs train --resume stopme)"));
  const json list = run_json(dir, {"runs", "list", "--json"});
  REQUIRE(list.size() == 1);
  CHECK(list[0]["state"] == "stopped");
}

TEST_CASE("cli: nnfs runs refuses what it cannot do with one line", "[cli][runs]") {
  TempDir dir;
  const std::string data = test::write_mnist_dir(dir, "mnist", test::digit_patterns(100, 1), test::digit_patterns(20, 2));
  auto one_line = [&](const std::vector<std::string>& args, int code, const std::string& message) {
    const Run r = run_nnfs(dir, args);
    INFO(describe(r));
    CHECK(r.code == code);
    CHECK(r.err == "nnfs: " + message + "\n");
  };
  const Run empty = run_nnfs(dir, {"runs", "list"});
  CHECK(empty.out == "no runs in " + library(dir) + " (nnfs train records one per training)\n");
  REQUIRE(run_nnfs(dir, {"train", "--data", data, "--epochs", "2", "--threads", "1", "--name", "x"}).code == 0);
  one_line({"runs", "show", "nope"}, 1, "no run 'nope' in " + library(dir) + " (nnfs runs list shows the runs)");
  one_line({"train", "--resume", "nope"}, 1,
           "--resume nope: no such file, and no run in " + library(dir) + " has this id or name (nnfs runs list shows the runs)");
  one_line({"train", "--data", data, "--epochs", "1", "--name", "x"}, 2,
           "--name x: run " + RunLibrary(library(dir)).find("x").id +
               " already has this name (choose another, or continue it with --resume x)");
  one_line({"train", "--data", data, "--epochs", "1", "--no-run"}, 2,
           "--out is required with --no-run (nothing else would keep the model; see nnfs train --help)");
  one_line({"train", "--resume", "x", "--epochs", "1"}, 1,
           "epochs must be at least 2 (the epochs done or under way), found 1");
  one_line({"train", "--resume", "x", "--no-run"}, 2, "--resume x names a run (no such file): it cannot go with --no-run");
  // Augmentation and the schedule change on resuming too.
  const Run more = run_nnfs(dir, {"train", "--resume", "x", "--epochs", "3", "--augment", "--schedule", "cosine"});
  INFO(describe(more));
  REQUIRE(more.code == 0);
  const json changes = run_json(dir, {"runs", "show", "x", "--json"})["changes"];
  REQUIRE(changes.size() == 1);
  CHECK(changes[0]["from"] == json({{"augment", false}, {"epochs", 2}, {"schedule", {{"schedule", "constant"}}}}));
  CHECK(changes[0]["to"] == json({{"augment", true}, {"epochs", 3}, {"schedule", {{"schedule", "cosine"}}}}));
  one_line({"runs", "rename", "x", "a/b"}, 1, "run name 'a/b' has a control character or '/'");
  const Run renamed = run_nnfs(dir, {"runs", "rename", "x", "y"});
  CHECK_THAT(renamed.out, Contains(": x -> y"));
  const Run removed = run_nnfs(dir, {"runs", "rm", "y"});
  CHECK_THAT(removed.out, Contains("removed run y ("));
  CHECK(run_json(dir, {"runs", "list", "--json"}).empty());
  // --runs-dir points at another library.
  REQUIRE(run_nnfs(dir, {"train", "--data", data, "--epochs", "1", "--threads", "1", "--runs-dir", dir.file("other")}).code == 0);
  CHECK(run_json(dir, {"runs", "list", "--json", "--runs-dir", dir.file("other")}).size() == 1);
}

TEST_CASE("cli: runs show prints a damaged run's readable parts and the reason", "[cli][runs]") {
  TempDir dir;
  const std::string data = test::write_mnist_dir(dir, "mnist", test::digit_patterns(100, 1), test::digit_patterns(20, 2));
  REQUIRE(run_nnfs(dir, {"train", "--data", data, "--epochs", "2", "--threads", "1", "--name", "d"}).code == 0);
  const RunSummary s = RunLibrary(library(dir)).find("d");
  std::filesystem::remove(s.dir + "/model.safetensors");
  const Run list = run_nnfs(dir, {"runs", "list"});
  CHECK_THAT(list.out, Contains("damaged") && Contains(s.id + ": damaged: " + s.id +
                                                        "/model.safetensors: missing (the finished run's model)"));
  const Run show = run_nnfs(dir, {"runs", "show", "d"});
  INFO(describe(show));
  CHECK(show.code == 0);
  CHECK_THAT(show.out, Contains("state          damaged: " + s.id + "/model.safetensors: missing") &&
                           Contains("  2      ") && Contains("config.epochs"));
}
