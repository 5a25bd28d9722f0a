// History lines and summaries: every kind writes and reads back the same, and a line of the
// wrong shape is a one-line error naming the key.
#include <catch2/catch.hpp>

#include "engine/runs/history_line.h"
#include "engine/runs/run_summary.h"
#include "support/fixtures.h"

using namespace nnfs;
using Catch::Contains;

TEST_CASE("history line: each kind round-trips through its text", "[runs][history]") {
  HistoryLine epoch;
  epoch.kind = HistoryLine::Kind::Epoch;
  epoch.epoch = 3;
  epoch.global_step = 30;
  epoch.loss = 0.25;
  epoch.train_acc = 0.9;
  epoch.test_acc = 0.95;
  epoch.seconds = 1.5;
  epoch.t = 7.0;
  HistoryLine change;
  change.kind = HistoryLine::Kind::Change;
  change.epoch = 2;
  change.step = 4;
  change.from.lr = 1e-3f;
  change.to.lr = 5e-4f;
  change.to.augment = true;
  HistoryLine state;
  state.kind = HistoryLine::Kind::State;
  state.state = RunState::Failed;
  state.message = "training diverged";
  state.resumed = true;
  for (const HistoryLine& h : {epoch, change, state}) {
    const std::string text = h.to_text();
    REQUIRE(text.back() == '\n');
    const HistoryLine back = HistoryLine::parse(std::string_view(text).substr(0, text.size() - 1));
    CHECK(back.to_json() == h.to_json());
  }
}

TEST_CASE("history line: a line of the wrong shape names the key", "[runs][history]") {
  auto error = [](const char* text) { return test::error_message([&] { HistoryLine::parse(text); }); };
  CHECK(error("[]") == "expected a JSON object");
  CHECK(error(R"({"kind":"lap","t":0,"global_step":0})") == "'kind' must be batch, epoch, change or state, found 'lap'");
  CHECK(error(R"({"kind":"batch","t":0,"global_step":0,"epoch":1,"step":1,"loss":1})") == "'lr' is missing");
  CHECK(error(R"({"kind":"state","t":0,"global_step":0,"state":"damaged"})") ==
        "'state' must be running, paused, finished, stopped or failed, found 'damaged'");
  CHECK_THAT(error(R"({"kind":"change","t":0,"global_step":0,"epoch":1,"step":0,"from":{},"to":{"lr":"x"}})"),
             Contains("'to': change: 'lr' must be a finite number"));
  CHECK_THAT(error(R"({"kind":"batch","t":0,"global_step":-1})"), Contains("'global_step' must be an integer"));
}

TEST_CASE("run summary: round trip, and a summary never stores what readers conclude", "[runs][history]") {
  RunSummary s;
  s.id = "20261205-011209-adam-k3f";
  s.name = "k";
  s.state = RunState::Paused;
  s.best_test_acc = 0.9;
  s.epochs_done = 2;
  const RunSummary back = RunSummary::from_json(s.to_json(), "summary.json");
  CHECK(back.to_json() == s.to_json());
  nlohmann::json j = s.to_json();
  j["state"] = "interrupted";
  CHECK(test::error_message([&] { RunSummary::from_json(j, "s.json"); }) ==
        "s.json: 'state' must be running, paused, finished, stopped or failed, found 'interrupted'");
}

TEST_CASE("history line: an epoch's result is written and read back through its line", "[runs][history]") {
  EpochResult r;
  r.epoch = 3;
  r.train_loss = 0.25;
  r.train_acc = 0.93;
  r.test_loss = 0.2;
  r.test_acc = 0.95;
  r.seconds = 1.5;
  const HistoryLine line = HistoryLine::parse(epoch_line(r, 1407).to_json().dump());
  CHECK(line.kind == HistoryLine::Kind::Epoch);
  CHECK(line.global_step == 1407);
  const EpochResult back = epoch_result(line);
  CHECK(back.epoch == 3);
  CHECK(back.train_loss == 0.25);
  CHECK(back.train_acc == 0.93);
  CHECK(back.test_loss == 0.2);
  CHECK(back.test_acc == 0.95);
  CHECK(back.seconds == 1.5);

  r.test_loss.reset();  // no test set: the line has none and neither has the result read back
  r.test_acc.reset();
  const EpochResult untested = epoch_result(HistoryLine::parse(epoch_line(r, 10).to_json().dump()));
  CHECK_FALSE(untested.test_loss);
  CHECK_FALSE(untested.test_acc);
}
