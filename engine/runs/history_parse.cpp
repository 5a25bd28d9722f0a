#include "engine/runs/history_parse.h"

#include <algorithm>

#include "engine/core/error.h"
#include "engine/runs/run_format.h"

namespace nnfs::runs {

std::size_t parse_history_lines(std::string_view bytes, HistoryPosition& at, std::vector<HistoryLine>& out,
                                std::vector<std::string>& problems) {
  std::size_t begin = 0;
  for (;;) {
    const std::size_t end = bytes.find('\n', begin);
    if (end == std::string_view::npos) break;
    const std::string_view text = bytes.substr(begin, end - begin);
    ++at.line;
    if (text.size() > kMaxHistoryLineBytes) {
      problems.push_back(at.path + ": line " + std::to_string(at.line) + " (byte " + std::to_string(at.offset) +
                         "): " + std::to_string(text.size()) + " bytes, longer than a history line can be");
    } else {
      try {
        out.push_back(HistoryLine::parse(text));
      } catch (const Error& e) {
        problems.push_back(at.path + ": line " + std::to_string(at.line) + " (byte " + std::to_string(at.offset) +
                           "): " + e.what());
      }
    }
    at.offset += end + 1 - begin;
    begin = end + 1;
  }
  return begin;
}

void drop_lost_work(std::vector<HistoryLine>& lines) {
  using Kind = HistoryLine::Kind;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].kind != Kind::State || !lines[i].resumed) continue;
    const std::uint64_t g = lines[i].global_step;
    const auto lost = [g](const HistoryLine& h) {
      return (h.kind == Kind::Batch && h.global_step > g) || (h.kind == Kind::Epoch && h.global_step > g) ||
             (h.kind == Kind::Change && h.global_step >= g);
    };
    const auto first = lines.begin(), resumed = lines.begin() + static_cast<std::ptrdiff_t>(i);
    const auto kept_end = std::remove_if(first, resumed, lost);
    i -= static_cast<std::size_t>(resumed - kept_end);
    lines.erase(kept_end, resumed);
  }
}

}  // namespace nnfs::runs
