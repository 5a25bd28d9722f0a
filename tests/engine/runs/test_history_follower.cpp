// HistoryFollower: only new complete lines per poll, a partial line waits, a replaced or
// truncated file starts over, and a FIFO or a missing file never blocks or throws.
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "engine/runs/history_follower.h"
#include "support/temp_dir.h"

using namespace nnfs;
using nnfs::test::TempDir;

namespace {

std::string batch_line(std::size_t step) {
  HistoryLine h;
  h.kind = HistoryLine::Kind::Batch;
  h.epoch = 1;
  h.step = step;
  h.global_step = step;
  h.loss = 0.5;
  return h.to_text();
}

void append(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::app | std::ios::binary) << text; }

}  // namespace

TEST_CASE("history follower: each poll returns the complete lines added since the last", "[runs][follower]") {
  TempDir dir;
  const std::string path = dir.file("history.jsonl");
  HistoryFollower f(path);
  CHECK(f.poll().empty());  // not there yet
  CHECK(f.problems().size() == 1);
  append(path, batch_line(1) + batch_line(2));
  CHECK(f.poll().size() == 2);
  CHECK(f.poll().empty());
  const std::string third = batch_line(3);
  append(path, third.substr(0, 10));  // a line on its way
  CHECK(f.poll().empty());
  append(path, third.substr(10));
  const std::vector<HistoryLine> got = f.poll();
  REQUIRE(got.size() == 1);
  CHECK(got[0].step == 3);
  CHECK_FALSE(f.restarted());
}

TEST_CASE("history follower: a replaced or truncated file starts over", "[runs][follower]") {
  TempDir dir;
  const std::string path = dir.file("history.jsonl");
  HistoryFollower f(path);
  append(path, batch_line(1) + batch_line(2));
  CHECK(f.poll().size() == 2);
  std::ofstream(path, std::ios::trunc) << batch_line(7);
  std::vector<HistoryLine> got = f.poll();
  CHECK(f.restarted());
  REQUIRE(got.size() == 1);
  CHECK(got[0].step == 7);
  // Replaced by another file (a new inode), even one as long as the offset.
  std::ofstream(dir.file("other"), std::ios::binary) << batch_line(8) << batch_line(9);
  std::filesystem::rename(dir.file("other"), path);
  got = f.poll();
  CHECK(f.restarted());
  CHECK(got.size() == 2);
}

TEST_CASE("history follower: bad lines are skipped and named, a FIFO is refused without blocking",
          "[runs][follower]") {
  TempDir dir;
  const std::string path = dir.file("history.jsonl");
  append(path, batch_line(1) + "garbage\n" + batch_line(2));
  HistoryFollower f(path);
  CHECK(f.poll().size() == 2);
  REQUIRE(f.problems().size() == 1);
  CHECK(f.problems()[0].find(path + ": line 2 (byte ") == 0);
  const std::string fifo = dir.file("fifo");
  REQUIRE(::mkfifo(fifo.c_str(), 0644) == 0);
  HistoryFollower g(fifo);
  CHECK(g.poll().empty());
  REQUIRE(g.problems().size() == 1);
  CHECK(g.problems()[0] == fifo + ": is a named pipe (FIFO), expected a regular file");
}
