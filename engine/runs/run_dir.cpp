#include "engine/runs/run_dir.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <random>

#include "engine/core/error.h"
#include "engine/runs/run_format.h"

namespace nnfs::runs {

namespace {

std::string make_id(const std::string& optimizer, std::mt19937_64& rng) {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
  static constexpr char kLetters[] = "abcdefghijkmnpqrstuvwxyz23456789";  // no l/o/0/1: easy to type
  std::string tail;
  for (int i = 0; i < 3; ++i) tail += kLetters[rng() % (sizeof kLetters - 1)];
  return std::string(stamp) + "-" + optimizer + "-" + tail;
}

// Cuts the file after its last newline (a torn last line is a write the crash cut short).
void cut_torn_line(int fd, const std::string& path) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) throw Error(path + ": cannot stat: " + std::strerror(errno));
  off_t end = st.st_size;
  char block[4096];
  while (end > 0) {
    const off_t begin = end > static_cast<off_t>(sizeof block) ? end - static_cast<off_t>(sizeof block) : 0;
    const ssize_t n = ::pread(fd, block, static_cast<std::size_t>(end - begin), begin);
    if (n != end - begin) throw Error(path + ": cannot read: " + std::strerror(errno));
    for (ssize_t i = n; i > 0; --i)
      if (block[i - 1] == '\n') {
        const off_t keep = begin + i;
        if (keep != st.st_size && ::ftruncate(fd, keep) != 0)
          throw Error(path + ": cannot cut the torn last line: " + std::strerror(errno));
        return;
      }
    end = begin;
  }
  if (st.st_size > 0 && ::ftruncate(fd, 0) != 0) throw Error(path + ": cannot cut the torn line: " + std::strerror(errno));
}

// Removes the ".new-<id>" folders of creations a crash cut short: their lock is free and they
// are over a minute old (a creation under way may not have taken its lock yet).
void remove_abandoned(const std::string& library_dir) {
  std::error_code ec;
  const std::time_t old = std::time(nullptr) - 60;
  for (const auto& entry : std::filesystem::directory_iterator(library_dir, ec)) {
    const std::string path = entry.path().string();
    struct stat st {};
    if (entry.path().filename().string().starts_with(".new-") && ::lstat(path.c_str(), &st) == 0 &&
        S_ISDIR(st.st_mode) && st.st_mtime < old && !lock_is_held(path))
      std::filesystem::remove_all(entry.path(), ec);
  }
}

}  // namespace

NewRunDir make_run_dir(const std::string& library_dir, const std::string& optimizer) {
  std::error_code ec;
  std::filesystem::create_directories(library_dir, ec);
  if (ec) throw Error(library_dir + ": cannot create the run library: " + ec.message());
  remove_abandoned(library_dir);
  std::mt19937_64 rng(std::random_device{}());
  for (int attempt = 0; attempt < 100; ++attempt) {
    const std::string id = make_id(optimizer, rng);
    struct stat st {};
    if (::lstat(join(library_dir, id.c_str()).c_str(), &st) == 0) continue;
    const std::string tmp = library_dir + "/.new-" + id;
    if (::mkdir(tmp.c_str(), 0755) != 0) {
      if (errno == EEXIST) continue;
      throw Error(tmp + ": cannot create the run directory: " + std::strerror(errno));
    }
    return {id, tmp, RunLock(tmp, id)};
  }
  throw Error(library_dir + ": cannot find a free run id");
}

std::string publish_run_dir(const std::string& library_dir, const NewRunDir& made) {
  const std::string dir = join(library_dir, made.id.c_str());
  if (::renameat2(AT_FDCWD, made.tmp_dir.c_str(), AT_FDCWD, dir.c_str(), RENAME_NOREPLACE) != 0)
    throw Error(dir + ": cannot create the run directory: " + std::strerror(errno));
  return dir;
}

int open_history(const std::string& path, bool existing) {
  const int flags = O_RDWR | O_APPEND | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | (existing ? 0 : O_CREAT | O_EXCL);
  const int fd = ::open(path.c_str(), flags, 0644);
  if (fd < 0) throw Error(path + ": cannot open for appending: " + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    throw Error(path + ": expected a regular file (the run's history)");
  }
  try {
    if (existing) cut_torn_line(fd, path);
  } catch (...) {
    ::close(fd);
    throw;
  }
  return fd;
}

}  // namespace nnfs::runs
