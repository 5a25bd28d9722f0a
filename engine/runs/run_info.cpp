#include "engine/runs/run_info.h"

#include "engine/core/error.h"
#include "engine/runs/history_parse.h"
#include "engine/runs/run_format.h"
#include "engine/util/atomic_file.h"

namespace nnfs {

std::vector<HistoryLine> RunInfo::lines(HistoryLine::Kind kind) const {
  std::vector<HistoryLine> out;
  for (const HistoryLine& h : history)
    if (h.kind == kind) out.push_back(h);
  return out;
}

void read_history_file(const std::string& path, std::vector<HistoryLine>& out, std::vector<std::string>& problems) {
  std::vector<std::byte> bytes;
  try {
    bytes = read_file(path, runs::kMaxHistoryBytes);
  } catch (const Error& e) {
    problems.push_back(e.what());
    return;
  }
  const std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  runs::HistoryPosition at{path, 0, 0};
  const std::size_t used = runs::parse_history_lines(text, at, out, problems);
  if (used < text.size())
    problems.push_back(path + ": line " + std::to_string(at.line + 1) + " (byte " + std::to_string(at.offset) +
                       "): torn last line (" + std::to_string(text.size() - used) +
                       " bytes without a newline), ignored");
  runs::drop_lost_work(out);
}

}  // namespace nnfs
