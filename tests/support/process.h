// Running a program as a user would, for the tests of the command line: a child process with
// stdin from /dev/null, stdout read through a pipe as it arrives, stderr captured in a file, and
// NNFS_DATA removed from the environment (every test names its data explicitly), and
// NNFS_RUNS_DIR set to "<dir>/runs" (the runs `nnfs train` records stay in the test's folder).
#pragma once

#include <csignal>
#include <functional>
#include <string>
#include <vector>

#include "support/temp_dir.h"

namespace nnfs::test {

struct Run {
  int code = -1;             // exit code, or -signal if the process was killed
  bool signalled = false;    // ended by a signal
  bool interrupted = false;  // the test sent the signal (see run_program's trigger)
  bool timed_out = false;    // still running after the timeout: killed with SIGKILL
  std::string out;           // standard output
  std::string err;           // standard error
};

// Long enough for any run of the suite under sanitizers; a hang then fails instead of blocking.
inline constexpr int kDefaultTimeoutSeconds = 600;

// Runs `program args...`; stderr goes to a file under `dir`. When `trigger` is not empty, `sig` is
// sent once a complete stdout line starting with `trigger` has arrived. A program still writing or
// running after `timeout_seconds` is killed (timed_out; code -SIGKILL).
Run run_program(const std::string& program, const TempDir& dir, const std::vector<std::string>& args,
                const std::string& trigger = "", int sig = SIGINT, int timeout_seconds = kDefaultTimeoutSeconds);

// Like run_program, but `sig` is sent once `condition()` is true (checked every 2 ms while the
// program runs), e.g. when a file the program writes has reached some point.
Run run_program_until(const std::string& program, const TempDir& dir, const std::vector<std::string>& args,
                      const std::function<bool()>& condition, int sig = SIGKILL,
                      int timeout_seconds = kDefaultTimeoutSeconds);

// "exit N", then stdout and stderr: what a failed check should show.
std::string describe(const Run& r);
std::string slurp(const std::string& path);
std::vector<std::string> lines_of(const std::string& text);

}  // namespace nnfs::test
