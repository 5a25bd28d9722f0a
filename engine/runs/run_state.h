// The states of a recorded run (docs/RUNS.md). A run's summary.json says running, paused,
// finished, stopped or failed; "interrupted" is what a reader concludes when the summary says
// running or paused but no process holds the run's lock (the writer died: kill -9, a crash, a
// power cut); "damaged" is a run directory that cannot be read as a run (with the reason).
#pragma once

#include <optional>
#include <string>

namespace nnfs {

enum class RunState { Running, Paused, Finished, Stopped, Interrupted, Failed, Damaged };

const char* to_string(RunState state);  // "running", "paused", ...
std::optional<RunState> parse_run_state(const std::string& text);

// Running or paused: a process should be holding the run's lock.
inline bool is_live(RunState s) { return s == RunState::Running || s == RunState::Paused; }

}  // namespace nnfs
