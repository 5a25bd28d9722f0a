// Helpers shared by the libFuzzer targets.
//
// MemFile: readers that take a path read the fuzz input from an in-memory file (memfd) reached
// through /proc/self/fd/N, so the real code path (stat, open, streamed reads, zlib) runs with no
// disk I/O. One file per target, rewritten for every input.
//
// expect_clean_error: the only exception a reader may throw for bad bytes is nnfs::Error with a
// one-line, non-empty message. Anything else (std::length_error, nlohmann::json::type_error,
// std::bad_alloc, ...) escapes the target and libFuzzer reports it as a crash.
#pragma once

#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "engine/core/error.h"

namespace nnfs::fuzz {

class MemFile {
 public:
  explicit MemFile(const char* name) {
    fd_ = ::memfd_create(name, MFD_CLOEXEC);
    if (fd_ < 0) {
      std::perror("memfd_create");
      std::abort();
    }
    path_ = "/proc/self/fd/" + std::to_string(fd_);
  }
  MemFile(const MemFile&) = delete;
  MemFile& operator=(const MemFile&) = delete;
  ~MemFile() { ::close(fd_); }

  // Replaces the contents; returns the path to read them from.
  const std::string& write(const std::uint8_t* data, std::size_t size) {
    if (::ftruncate(fd_, 0) != 0) std::abort();
    std::size_t done = 0;
    while (done < size) {
      const ssize_t n = ::pwrite(fd_, data + done, size - done, static_cast<off_t>(done));
      if (n <= 0) std::abort();
      done += static_cast<std::size_t>(n);
    }
    return path_;
  }
  const std::string& path() const { return path_; }

 private:
  int fd_ = -1;
  std::string path_;
};

// A fresh directory in tmpfs (/dev/shm, else /tmp), removed with everything in it at the end: for
// readers of whole folders and for writers that rename a temporary file into place.
class TempDir {
 public:
  explicit TempDir(const char* name) {
    for (const char* base : {"/dev/shm", "/tmp"}) {
      std::string templ = std::string(base) + "/" + name + "-XXXXXX";
      if (::mkdtemp(templ.data())) {
        path_ = templ;
        return;
      }
    }
    std::perror("mkdtemp");
    std::abort();
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Runs f; an nnfs::Error must carry a one-line message (the engine's contract, engine/core/error.h).
template <class F>
void expect_clean_error(F&& f) {
  try {
    f();
  } catch (const nnfs::Error& e) {
    const std::string message = e.what();
    if (message.empty() || message.find('\n') != std::string::npos) {
      std::fprintf(stderr, "nnfs::Error message is empty or spans lines: [%s]\n", message.c_str());
      std::abort();
    }
  }
}

// Aborts with a message: a property of the parsed result does not hold.
[[noreturn]] inline void property_failed(const char* what) {
  std::fprintf(stderr, "fuzz property failed: %s\n", what);
  std::abort();
}

}  // namespace nnfs::fuzz
