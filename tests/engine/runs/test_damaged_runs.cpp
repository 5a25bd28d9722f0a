// Damaged run directories: each case lists as damaged with a one-line reason naming the file and
// the line or byte, `load` returns what it can plus the reason, and nothing throws or hangs.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "engine/runs/run_library.h"
#include "support/fixtures.h"
#include "support/process.h"
#include "support/temp_dir.h"
#include "tests/engine/runs/run_fixture.h"

using namespace nnfs;
using nnfs::test::TempDir;
namespace fs = std::filesystem;

namespace {

struct DamagedRun {
  TempDir dir;
  std::string lib = dir.file("runs");
  std::string id = test::record_run(lib, "r").id();
  std::string run = lib + "/" + id;

  std::string file(const char* name) const { return run + "/" + name; }
  void write(const char* name, const std::string& text, std::ios::openmode mode = std::ios::trunc) const {
    std::ofstream(file(name), std::ios::binary | mode) << text;
  }
  // The run as listed: damaged, with exactly this reason; load() gives the same reason first.
  void check_damaged(const std::string& reason) const {
    const std::vector<RunSummary> runs = RunLibrary(lib).list();
    REQUIRE(runs.size() == 1);
    CHECK(runs[0].state == RunState::Damaged);
    CHECK(runs[0].message == reason);
    CHECK(runs[0].message.find('\n') == std::string::npos);
    const RunInfo info = RunLibrary(lib).load(id);
    CHECK(info.summary.state == RunState::Damaged);
    REQUIRE_FALSE(info.problems.empty());
    CHECK(info.problems.front() == reason);
  }
};

}  // namespace

TEST_CASE("damaged run: a truncated history", "[runs][damaged]") {
  DamagedRun d;
  const auto size = fs::file_size(d.file("history.jsonl"));
  fs::resize_file(d.file("history.jsonl"), size / 2);
  d.check_damaged(d.id + "/history.jsonl: " + std::to_string(size / 2) + " bytes, the summary recorded " +
                  std::to_string(size) + " (truncated)");
}

TEST_CASE("damaged run: a torn last history line is reported, ignored when reading, cut when resuming",
          "[runs][damaged]") {
  DamagedRun d;
  const auto size = fs::file_size(d.file("history.jsonl"));
  d.write("history.jsonl", "{\"kind\":\"batch\",\"epo", std::ios::app);
  d.check_damaged(d.id + "/history.jsonl: torn last line (no newline at byte " + std::to_string(size + 19) + ")");
  const RunInfo info = RunLibrary(d.lib).load(d.id);
  CHECK(info.lines(HistoryLine::Kind::Epoch).size() == 2);  // every complete line is still read
  CHECK(info.problems.back() == d.id + "/history.jsonl: line 9 (byte " + std::to_string(size) +
                                    "): torn last line (20 bytes without a newline), ignored");
  // Appending goes on from a clean line: reopening cuts the torn part.
  RunRecorder rec = RunRecorder::reopen(d.lib, d.id);
  rec.set_state(RunState::Finished);
  CHECK(RunLibrary(d.lib).find(d.id).state == RunState::Finished);
  CHECK(RunLibrary(d.lib).load(d.id).problems.empty());
}

TEST_CASE("damaged run: a bad line in the middle of the history", "[runs][damaged]") {
  DamagedRun d;
  std::string text = test::slurp(d.file("history.jsonl"));
  const std::size_t second = text.find('\n') + 1;
  text.insert(second, "{\"kind\": \"batch\", \"loss\": nonsense}\n");
  d.write("history.jsonl", text);
  const RunInfo info = RunLibrary(d.lib).load(d.id);
  CHECK(info.summary.state == RunState::Damaged);
  REQUIRE(info.problems.size() == 1);
  CHECK(info.problems[0] == d.id + "/history.jsonl: line 2 (byte " + std::to_string(second) +
                                "): not valid JSON (byte 28)");
  CHECK(info.lines(HistoryLine::Kind::Batch).size() == 4);  // the good lines around it are kept
}

TEST_CASE("damaged run: a history line of the wrong shape names the key", "[runs][damaged]") {
  DamagedRun d;
  const auto size = fs::file_size(d.file("history.jsonl"));
  d.write("history.jsonl", "{\"kind\":\"epoch\",\"epoch\":1,\"global_step\":2,\"t\":1,\"loss\":\"x\"}\n", std::ios::app);
  const RunInfo info = RunLibrary(d.lib).load(d.id);
  REQUIRE(info.problems.size() == 1);
  CHECK(info.problems[0] == d.id + "/history.jsonl: line 9 (byte " + std::to_string(size) +
                                "): 'loss' must be a finite number");
}

TEST_CASE("damaged run: a missing model of a finished run", "[runs][damaged]") {
  DamagedRun d;
  fs::remove(d.file("model.safetensors"));
  d.check_damaged(d.id + "/model.safetensors: missing (the finished run's model)");
}

TEST_CASE("damaged run: a missing checkpoint", "[runs][damaged]") {
  DamagedRun d;
  fs::remove(d.file("checkpoint.nnfsckpt"));
  d.check_damaged(d.id + "/checkpoint.nnfsckpt: missing (the rolling checkpoint)");
}

TEST_CASE("damaged run: unparseable settings", "[runs][damaged]") {
  DamagedRun d;
  d.write("settings.json", "{\"format\": 1, \"config\": ");
  d.check_damaged(d.id + "/settings.json: not valid JSON (byte 25)");
  const RunInfo info = RunLibrary(d.lib).load(d.id);
  CHECK(info.lines(HistoryLine::Kind::Epoch).size() == 2);  // the history is still shown
}

TEST_CASE("damaged run: unparseable summary", "[runs][damaged]") {
  DamagedRun d;
  d.write("summary.json", "[1, 2");
  d.check_damaged(d.id + "/summary.json: not valid JSON (byte 6)");
  CHECK(RunLibrary(d.lib).list()[0].name == d.id);  // listed by its id
  d.write("summary.json", "{\"format\": 1, \"id\": \"x\", \"name\": 7}");
  d.check_damaged(d.id + "/summary.json: 'name' must be a string");
}

TEST_CASE("damaged run: a run from a newer format version", "[runs][damaged]") {
  DamagedRun d;
  std::string text = test::slurp(d.file("summary.json"));
  text.replace(text.find("\"format\": 1"), 11, "\"format\": 2");
  d.write("summary.json", text);
  d.check_damaged(d.id + "/summary.json: format 2 is newer than this nnfs reads (1); update nnfs");
  d.write("summary.json", test::slurp(d.file("summary.json")).replace(text.find("\"format\": 2"), 11, "\"format\": 1"));
  text = test::slurp(d.file("settings.json"));
  text.replace(text.find("\"format\": 1"), 11, "\"format\": 9");
  d.write("settings.json", text);
  d.check_damaged(d.id + "/settings.json: format 9 is newer than this nnfs reads (1); update nnfs");
}

TEST_CASE("damaged run: a run entry that is a file, a FIFO or a symbolic link loop", "[runs][damaged]") {
  TempDir dir;
  const std::string lib = dir.file("runs");
  fs::create_directories(lib);
  std::ofstream(lib + "/a-file") << "x";
  REQUIRE(::mkfifo((lib + "/a-fifo").c_str(), 0644) == 0);
  fs::create_symlink(lib + "/loop", lib + "/loop");
  const std::vector<RunSummary> runs = RunLibrary(lib).list();
  REQUIRE(runs.size() == 3);
  for (const RunSummary& s : runs) {
    CHECK(s.state == RunState::Damaged);
    const std::string expected = s.id == "a-file"   ? "a-file: is a regular file, expected a run directory"
                                 : s.id == "a-fifo" ? "a-fifo: is a named pipe (FIFO), expected a run directory"
                                                    : "loop: is a symbolic link, expected a run directory";
    CHECK(s.message == expected);
    CHECK(RunLibrary(lib).load(s.id).problems == std::vector<std::string>{expected});
  }
  RunLibrary(lib).remove("a-fifo");  // a damaged entry can be removed
  CHECK(RunLibrary(lib).list().size() == 2);
}

TEST_CASE("damaged run: run files that cannot be read (a FIFO, a directory)", "[runs][damaged]") {
  DamagedRun d;
  fs::remove(d.file("summary.json"));
  REQUIRE(::mkfifo(d.file("summary.json").c_str(), 0644) == 0);
  d.check_damaged(d.id + "/summary.json: is a named pipe (FIFO), expected a regular file");
  fs::remove(d.file("summary.json"));
  d.check_damaged(d.id + "/summary.json: no such file");
  fs::create_directory(d.file("summary.json"));
  CHECK(RunLibrary(d.lib).list()[0].message.find(d.id + "/summary.json: is a directory") == 0);
}

TEST_CASE("damaged run: a history that is a FIFO never blocks the reader", "[runs][damaged]") {
  DamagedRun d;
  fs::remove(d.file("history.jsonl"));
  REQUIRE(::mkfifo(d.file("history.jsonl").c_str(), 0644) == 0);
  d.check_damaged(d.id + "/history.jsonl: is a named pipe (FIFO), expected a regular file");
  CHECK_THAT(test::error_message([&] { RunRecorder::reopen(d.lib, d.id); }),
             Catch::Contains("history.jsonl: expected a regular file"));
}

TEST_CASE("damaged run: a damaged run can still be renamed only when its summary reads", "[runs][damaged]") {
  DamagedRun d;
  fs::remove(d.file("model.safetensors"));
  RunLibrary(d.lib).rename(d.id, "renamed");
  CHECK(RunLibrary(d.lib).find("renamed").state == RunState::Damaged);
  d.write("summary.json", "nope");
  CHECK(test::error_message([&] { RunLibrary(d.lib).rename(d.id, "x"); }) ==
        "cannot rename run " + d.id + ": " + d.id + "/summary.json: not valid JSON (byte 2)");
}
