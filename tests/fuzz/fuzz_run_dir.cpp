// libFuzzer target: the run library's readers (engine/runs) on a run directory in tmpfs whose
// summary.json, settings.json and history.jsonl are the fuzz input, split at its first two 0xFF
// bytes (missing parts: empty files). The contract: listing and loading never throw for a damaged
// run (it is listed as damaged, with a one-line reason), every problem is one line, the history
// follower never throws, and a summary that was read writes back as one that reads the same.
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>

#include "engine/runs/history_follower.h"
#include "engine/runs/run_library.h"
#include "tests/fuzz/fuzz_util.h"

using namespace nnfs;

namespace {

constexpr const char* kId = "20261205-011209-adam-k3f";

struct Library {
  fuzz::TempDir dir{"nnfs-fuzz-run-dir"};
  std::string lib = dir.path();
  std::string run = lib + "/" + kId;
  Library() {
    std::filesystem::create_directory(run);
    write("checkpoint.nnfsckpt", "x");
    write("model.safetensors", "x");
  }
  void write(const char* name, std::string_view data) const {
    std::FILE* f = std::fopen((run + "/" + name).c_str(), "wb");
    if (!f || std::fwrite(data.data(), 1, data.size(), f) != data.size() || std::fclose(f) != 0) std::abort();
  }
};

void one_line(const std::string& text, const char* what) {
  if (text.empty() || text.find('\n') != std::string::npos) {
    std::fprintf(stderr, "%s: [%s]\n", what, text.c_str());
    fuzz::property_failed("a reason is empty or spans lines");
  }
}

// The next part of the input, up to a 0xFF byte (or its end).
std::string_view take(std::string_view& rest) {
  const std::size_t end = rest.find('\xff');
  const std::string_view part = rest.substr(0, end);
  rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
  return part;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Library l;
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  l.write("summary.json", take(rest));
  l.write("settings.json", take(rest));
  l.write("history.jsonl", take(rest));

  const RunLibrary library(l.lib);
  const std::vector<RunSummary> runs = library.list();  // must not throw
  if (runs.size() != 1 || runs[0].id != kId) fuzz::property_failed("the run is not listed once, by its id");
  const RunSummary& s = runs[0];
  if (s.state == RunState::Damaged) {
    one_line(s.message, "list");
  } else {
    RunSummary stored = s;  // interrupted is the reader's conclusion: the file said running or paused
    if (stored.state == RunState::Interrupted) stored.state = RunState::Running;
    RunSummary::from_json(stored.to_json(), "written back");  // what was read writes back readable
  }

  const RunInfo info = library.load(kId);  // must not throw
  for (const std::string& p : info.problems) one_line(p, "load");
  if (info.summary.state == RunState::Damaged && info.problems.empty())
    fuzz::property_failed("a damaged run without a reason");

  HistoryFollower follower(l.run + "/history.jsonl");
  follower.poll();  // must not throw
  for (const std::string& p : follower.problems()) one_line(p, "follower");
  return 0;
}
