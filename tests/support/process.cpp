#include "support/process.h"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <sstream>

extern char** environ;

namespace nnfs::test {

namespace {

// Waits until `fd` has data or end of file; false once `deadline` has passed.
bool wait_readable(int fd, std::chrono::steady_clock::time_point deadline) {
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd, POLLIN, 0};
    const int n = poll(&p, 1, static_cast<int>(left.count()));
    if (n > 0) return true;
    if (n < 0 && errno != EINTR) return true;  // let read() report it
  }
}

// run_program with either trigger: a stdout line, or `condition` (checked every 2 ms).
Run run_program_when(const std::string& program, const TempDir& dir, const std::vector<std::string>& args,
                     const std::string& trigger, const std::function<bool()>& condition, int sig,
                     int timeout_seconds) {
  static int counter = 0;
  const std::string err_path = dir.file("stderr-" + std::to_string(counter++) + ".txt");
  std::vector<std::string> storage = {program};
  storage.insert(storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& s : storage) argv.push_back(s.data());
  argv.push_back(nullptr);
  // Runs go to the test's own library, never into the home directory (--runs-dir overrides it).
  std::string runs_dir = "NNFS_RUNS_DIR=" + (dir.path() / "runs").string();
  std::vector<char*> envp;
  for (char** e = environ; *e; ++e)
    if (std::strncmp(*e, "NNFS_DATA=", 10) != 0 && std::strncmp(*e, "NNFS_RUNS_DIR=", 14) != 0) envp.push_back(*e);
  envp.push_back(runs_dir.data());
  envp.push_back(nullptr);

  int fds[2];
  REQUIRE(pipe2(fds, O_CLOEXEC) == 0);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
  posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, program.c_str(), &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  close(fds[1]);
  if (rc != 0) close(fds[0]);
  REQUIRE(rc == 0);

  Run run;
  std::size_t scanned = 0;  // the output before this offset has no trigger line
  char buf[4096];
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_seconds);
  for (;;) {
    if (condition && !run.interrupted) {
      if (condition()) {
        REQUIRE(kill(pid, sig) == 0);
        run.interrupted = true;
      } else if (std::chrono::steady_clock::now() < deadline &&
                 !wait_readable(fds[0], std::chrono::steady_clock::now() + std::chrono::milliseconds(2))) {
        continue;  // nothing to read yet: check the condition again
      }
    }
    if (!wait_readable(fds[0], deadline)) {
      REQUIRE(kill(pid, SIGKILL) == 0);
      run.timed_out = true;
      break;
    }
    const ssize_t n = read(fds[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    run.out.append(buf, static_cast<std::size_t>(n));
    for (std::size_t end; !trigger.empty() && !run.interrupted && (end = run.out.find('\n', scanned)) != std::string::npos;
         scanned = end + 1) {
      if (run.out.compare(scanned, trigger.size(), trigger) == 0) {
        REQUIRE(kill(pid, sig) == 0);
        run.interrupted = true;
      }
    }
  }
  close(fds[0]);
  int status = 0;
  REQUIRE(waitpid(pid, &status, 0) == pid);
  run.signalled = WIFSIGNALED(status);
  run.code = WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
  run.err = slurp(err_path);
  return run;
}

}  // namespace

Run run_program(const std::string& program, const TempDir& dir, const std::vector<std::string>& args,
                const std::string& trigger, int sig, int timeout_seconds) {
  return run_program_when(program, dir, args, trigger, nullptr, sig, timeout_seconds);
}

Run run_program_until(const std::string& program, const TempDir& dir, const std::vector<std::string>& args,
                      const std::function<bool()>& condition, int sig, int timeout_seconds) {
  return run_program_when(program, dir, args, "", condition, sig, timeout_seconds);
}

std::string describe(const Run& r) {
  const std::string end = r.timed_out ? "timed out, killed: exit " : "exit ";
  return end + std::to_string(r.code) + "\n--- stdout ---\n" + r.out + "--- stderr ---\n" + r.err;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace nnfs::test
