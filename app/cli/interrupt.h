// Ctrl+C during a long command (nnfs train): the first SIGINT or SIGTERM only sets a flag, which
// the trainer reads between batches; the command finishes the batch in flight, saves what it must
// (a checkpoint), and then calls reraise(), so the process still ends as killed by that signal
// (a shell sees status 130 for SIGINT and stops a script, as with any POSIX tool). A second
// signal before that ends the process at once: the handler is reset after the first.
#pragma once

#include <atomic>

namespace nnfs::cli {

class InterruptFlag {
 public:
  InterruptFlag();   // installs the SIGINT and SIGTERM handlers
  ~InterruptFlag();  // puts the previous handlers back
  InterruptFlag(const InterruptFlag&) = delete;
  InterruptFlag& operator=(const InterruptFlag&) = delete;

  const std::atomic<bool>* flag() const;  // for run_training's stop parameter
  bool raised() const;
  const char* signal_name() const;        // "SIGINT" or "SIGTERM"
  // Restores the default action and raises the signal again: the process ends by it.
  [[noreturn]] void reraise() const;
};

}  // namespace nnfs::cli
