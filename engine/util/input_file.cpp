#include "engine/util/input_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

#include "engine/core/error.h"

namespace nnfs {
namespace {

[[noreturn]] void fail(const std::string& path, const std::string& what, int err) {
  throw Error(path + ": " + what + ": " + std::error_code(err, std::generic_category()).message());
}

// Throws unless st describes a regular file.
void check_regular(const std::string& path, const struct stat& st) {
  if (S_ISREG(st.st_mode)) return;
  if (S_ISDIR(st.st_mode)) throw Error(path + ": is a directory, expected a file");
  throw Error(path + ": " + describe_file_type(st.st_mode) + ", expected a regular file");
}

// A file under /proc (and some under /sys) reports a size of 0 but has contents: readers that trust
// the size would call it empty. One byte tells the two apart; a really empty file stays empty.
void check_really_empty(const std::string& path, int fd) {
  char byte;
  ssize_t n;
  do n = ::pread(fd, &byte, 1, 0);
  while (n < 0 && errno == EINTR);
  if (n > 0)
    throw Error(path + ": reports a size of 0 bytes (a /proc or /sys file?), expected a regular file with data");
}

}  // namespace

InputFile& InputFile::operator=(InputFile&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.fd_;
    size_ = other.size_;
    other.fd_ = -1;
  }
  return *this;
}

InputFile::~InputFile() {
  if (fd_ >= 0) ::close(fd_);
}

std::string describe_file_type(unsigned mode) {
  if (S_ISREG(mode)) return "is a regular file";
  if (S_ISDIR(mode)) return "is a directory";
  if (S_ISFIFO(mode)) return "is a named pipe (FIFO)";
  if (S_ISSOCK(mode)) return "is a socket";
  if (S_ISCHR(mode)) return "is a character device";
  if (S_ISBLK(mode)) return "is a block device";
  if (S_ISLNK(mode)) return "is a symbolic link";
  return "is not a regular file";
}

InputFile open_input_file(const std::string& path) {
  if (path.empty()) throw Error("cannot read a file with an empty path");
  // O_NONBLOCK: opening a FIFO without a writer returns at once instead of waiting forever.
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    const int err = errno;
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0) check_regular(path, st);  // a socket fails with ENXIO
    if (err == ENOENT) throw Error(path + ": no such file");
    fail(path, "cannot open", err);
  }
  InputFile file(fd, 0);  // closes fd if a check below throws
  struct stat st {};
  if (::fstat(fd, &st) != 0) fail(path, "cannot stat", errno);
  check_regular(path, st);
  // A regular file never blocks; clear the flag so reads behave as usual.
  const int flags = ::fcntl(fd, F_GETFL);
  if (flags < 0 || ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) != 0) fail(path, "cannot open", errno);
  file.set_size(static_cast<std::uint64_t>(st.st_size));
  if (st.st_size == 0) check_really_empty(path, fd);
  return file;
}

std::FILE* open_input_stream(const std::string& path) {
  InputFile file = open_input_file(path);
  std::FILE* stream = ::fdopen(file.fd(), "rb");
  if (!stream) fail(path, "cannot open", errno);
  file.release();  // the stream owns the descriptor now
  return stream;
}

std::vector<std::uint8_t> read_file_head(const std::string& path, std::size_t n) {
  const InputFile file = open_input_file(path);
  std::vector<std::uint8_t> head(n);
  std::size_t got = 0;
  while (got < n) {
    const ssize_t r = ::read(file.fd(), head.data() + got, n - got);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) fail(path, "cannot read", errno);
    if (r == 0) break;
    got += static_cast<std::size_t>(r);
  }
  head.resize(got);
  return head;
}

std::uint64_t require_regular_file(const std::string& path) {
  return open_input_file(path).size();
}

void require_directory(const std::string& path) {
  if (path.empty()) throw Error("expected a directory, found an empty path");
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) throw Error(path + ": no such directory");
    fail(path, "cannot open", errno);
  }
  if (!S_ISDIR(st.st_mode)) throw Error(path + ": " + describe_file_type(st.st_mode) + ", expected a directory");
}

}  // namespace nnfs
