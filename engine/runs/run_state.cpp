#include "engine/runs/run_state.h"

#include <array>
#include <utility>

namespace nnfs {

namespace {

constexpr std::array<std::pair<RunState, const char*>, 7> kNames{{{RunState::Running, "running"},
                                                                 {RunState::Paused, "paused"},
                                                                 {RunState::Finished, "finished"},
                                                                 {RunState::Stopped, "stopped"},
                                                                 {RunState::Interrupted, "interrupted"},
                                                                 {RunState::Failed, "failed"},
                                                                 {RunState::Damaged, "damaged"}}};

}  // namespace

const char* to_string(RunState state) {
  for (const auto& [s, name] : kNames)
    if (s == state) return name;
  return "damaged";
}

std::optional<RunState> parse_run_state(const std::string& text) {
  for (const auto& [s, name] : kNames)
    if (text == name) return s;
  return std::nullopt;
}

}  // namespace nnfs
