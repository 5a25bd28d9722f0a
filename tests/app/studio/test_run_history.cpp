// A run's curves rebuilt from its history lines, directly and through a HistoryFollower reading a
// file that grows while it is read (the Runs tab following `nnfs train`).
#include <catch2/catch.hpp>

#include <fstream>
#include <string>

#include "app/studio/run_history.h"
#include "engine/runs/history_follower.h"
#include "support/temp_dir.h"

using namespace nnfs;
using namespace nnfs::studio;

namespace {

HistoryLine batch(std::size_t global_step, std::size_t epoch, std::size_t step, double loss) {
  HistoryLine l;
  l.kind = HistoryLine::Kind::Batch;
  l.global_step = global_step;
  l.epoch = epoch;
  l.step = step;
  l.loss = loss;
  l.t = 0.1 * static_cast<double>(global_step);
  return l;
}

HistoryLine epoch_line(std::size_t epoch, double loss, double test_acc, double seconds) {
  HistoryLine l;
  l.kind = HistoryLine::Kind::Epoch;
  l.epoch = epoch;
  l.loss = loss;
  l.train_acc = 0.5;
  l.test_acc = test_acc;
  l.seconds = seconds;
  return l;
}

HistoryLine change_line(std::size_t global_step, float lr) {
  HistoryLine l;
  l.kind = HistoryLine::Kind::Change;
  l.global_step = global_step;
  l.to.lr = lr;
  return l;
}

HistoryLine resumed_at(std::size_t global_step) {
  HistoryLine l;
  l.kind = HistoryLine::Kind::State;
  l.state = RunState::Running;
  l.global_step = global_step;
  l.resumed = true;
  return l;
}

}  // namespace

TEST_CASE("run history: batches, epochs and changes become curves", "[studio][runs]") {
  RunHistory r;
  for (std::size_t i = 1; i <= 4; ++i) r.add(batch(i, 1, i, 1.0 / static_cast<double>(i)));
  r.add(epoch_line(1, 0.5, 0.9, 2.0));
  r.add(change_line(4, 5e-4f));
  r.add(batch(5, 2, 1, 0.2));
  r.add(batch(5, 2, 1, 0.2));  // a repeat is skipped
  r.add(batch(9, 2, 5, 0.2));  // so is a gap
  CHECK(r.history.batch_loss.size() == 5);
  REQUIRE(r.batch_seconds.size() == 5);
  CHECK(r.batch_seconds[4] == Approx(0.5f));
  REQUIRE(r.history.epochs.size() == 1);
  CHECK(r.history.epoch_batch_end == std::vector<std::size_t>{4});
  CHECK(*r.history.epochs[0].test_acc == 0.9);
  CHECK(r.history.epochs[0].seconds == 2.0);
  CHECK(r.steps_per_epoch == 4);
  CHECK(r.change_steps == std::vector<std::size_t>{4});
  CHECK(r.change_labels == std::vector<std::string>{"lr 0.0005"});
}

TEST_CASE("run history: a resumed session drops the work the interruption lost", "[studio][runs]") {
  RunHistory r;
  for (std::size_t i = 1; i <= 6; ++i) r.add(batch(i, i <= 3 ? 1 : 2, (i - 1) % 3 + 1, 1.0));
  r.add(epoch_line(1, 0.5, 0.9, 1.0));  // at batch 6: epoch 1 ends after batch 6 in this file
  r.add(change_line(6, 1e-3f));
  r.add(resumed_at(3));                 // the checkpoint was at batch 3
  CHECK(r.history.batch_loss.size() == 3);
  CHECK(r.batch_seconds.size() == 3);
  CHECK(r.history.epochs.empty());
  CHECK(r.change_steps.empty());
  r.add(batch(4, 2, 1, 0.7));
  CHECK(r.history.batch_loss.size() == 4);
}

TEST_CASE("describe_change names what a change sets", "[studio][runs]") {
  RunChange c;
  CHECK(describe_change(c).empty());
  c.lr = 0.002f;
  c.epochs = 8;
  c.augment = false;
  CHECK(describe_change(c) == "lr 0.002, epochs 8, augment off");
}

TEST_CASE("run history follows a history file while it is written", "[studio][runs]") {
  test::TempDir dir;
  const std::string path = (dir.path() / "history.jsonl").string();
  HistoryFollower follower(path);
  RunHistory r;
  const auto follow = [&] {
    for (const HistoryLine& line : follower.poll()) r.add(line);
  };
  follow();  // no file yet: nothing (the follower notes why)
  CHECK(r.history.batch_loss.empty());
  const std::size_t problems = follower.problems().size();

  std::ofstream out(path, std::ios::binary);
  out << batch(1, 1, 1, 2.0).to_text() << batch(2, 1, 2, 1.5).to_text() << std::flush;
  follow();
  CHECK(r.history.batch_loss == std::vector<float>{2.0f, 1.5f});

  // A line being written (no newline yet) waits for the next poll.
  const std::string third = batch(3, 1, 3, 1.0).to_text();
  out << third.substr(0, 10) << std::flush;
  follow();
  CHECK(r.history.batch_loss.size() == 2);
  out << third.substr(10) << epoch_line(1, 1.5, 0.8, 3.0).to_text() << std::flush;
  follow();
  CHECK(r.history.batch_loss.size() == 3);
  CHECK(r.history.epochs.size() == 1);
  CHECK(follower.problems().size() == problems);
}
