// A run's liveness: the process writing a run holds an exclusive flock on <run>/lock for as long
// as it writes; the kernel drops it when the process dies, however it dies. Readers test it
// without waiting (no pid files, no guessing).
#pragma once

#include <string>

namespace nnfs::runs {

class RunLock {
 public:
  // Takes the lock of the run in `dir` without waiting; throws nnfs::Error
  // "run 'ID' is being written by another process (its lock is held)" when someone holds it.
  RunLock(const std::string& dir, const std::string& id);
  RunLock(RunLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  RunLock& operator=(RunLock&&) = delete;
  RunLock(const RunLock&) = delete;
  ~RunLock();

 private:
  int fd_ = -1;
};

// True when a process holds the lock of the run in `dir` (no lock file: false).
bool lock_is_held(const std::string& dir);

}  // namespace nnfs::runs
