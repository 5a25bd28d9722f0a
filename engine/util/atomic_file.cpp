#include "engine/util/atomic_file.h"

#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __linux__
#include <linux/fs.h>
#endif

#include <atomic>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <filesystem>
#include <system_error>

#include "engine/core/error.h"
#include "engine/util/input_file.h"

namespace nnfs {
namespace {

std::string os_reason(int err) { return std::error_code(err, std::generic_category()).message(); }

[[noreturn]] void fail(const std::string& path, const std::string& what, int err) {
  throw Error(path + ": " + what + ": " + os_reason(err));
}

std::string quote_path(const std::string& s) { return "'" + s + "'"; }

std::string octal_mode(mode_t mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
  return text;
}

// chattr +i / +a: the rename over the file fails only after all the work. Other file systems
// (no FS_IOC_GETFLAGS) have no such flags.
void refuse_immutable(const std::string& path) {
#ifdef __linux__
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) return;
  int flags = 0;
  const bool known = ::ioctl(fd, FS_IOC_GETFLAGS, &flags) == 0;
  ::close(fd);
  if (known && (flags & FS_IMMUTABLE_FL))
    throw Error(path + ": is immutable (chattr +i); remove the flag (chattr -i) or choose another file");
  if (known && (flags & FS_APPEND_FL))
    throw Error(path + ": is append-only (chattr +a); remove the flag (chattr -a) or choose another file");
#else
  (void)path;
#endif
}

// A file the user protected is never replaced: the write would succeed (the rename needs only
// the directory), so the mode bits are read here, which refuses it for root too.
void refuse_protected(const std::string& path, const struct stat& st) {
  if (!(st.st_mode & S_IWUSR))
    throw Error(path + ": is read-only (mode " + octal_mode(st.st_mode) +
                "); make it writable (chmod u+w) or choose another file");
  refuse_immutable(path);
  if (::access(path.c_str(), W_OK) != 0) {  // another user's file, or a read-only file system
    const std::string why = os_reason(errno);
    throw Error(path + ": is not writable here (mode " + octal_mode(st.st_mode) + ": " + why + "); choose another file");
  }
}

// "<path>.tmp-<pid>-<counter>", shortening the file name if the suffix would push it past
// NAME_MAX. The counter makes names unique within the process, the pid across processes.
std::string temp_path_for(const std::string& path) {
  static std::atomic<unsigned long> counter{0};
  const std::string suffix =
      ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter.fetch_add(1));
  const std::filesystem::path p(path);
  std::string name = p.filename().string();
  if (name.size() + suffix.size() > NAME_MAX) name.resize(NAME_MAX - suffix.size());
  return (p.parent_path() / (name + suffix)).string();
}

// Owns the temporary file until commit(): closes the descriptor and unlinks the file on failure.
class TempFile {
 public:
  TempFile(const std::string& target) : target_(target) {
    struct stat old {};
    const bool have_old = ::stat(target.c_str(), &old) == 0 && S_ISREG(old.st_mode);
    if (have_old) refuse_protected(target, old);
    for (int attempt = 0; attempt < 100; ++attempt) {
      path_ = temp_path_for(target);
      fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
      if (fd_ >= 0) break;
      if (errno != EEXIST)
        fail(target_, "cannot create temporary file " + quote_path(path_), errno);
    }
    if (fd_ < 0) fail(target_, "cannot create temporary file " + quote_path(path_), EEXIST);
    // Keep the permissions of the file being replaced (umask applies only to new files).
    if (have_old) (void)::fchmod(fd_, old.st_mode & 07777);
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!committed_) ::unlink(path_.c_str());
  }

  void write(std::span<const std::byte> bytes) {
    const std::byte* p = bytes.data();
    std::size_t left = bytes.size();
    while (left > 0) {
      const ssize_t n = ::write(fd_, p, left);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) fail(target_, "cannot write temporary file " + quote_path(path_), errno);
      if (n == 0) fail(target_, "cannot write temporary file " + quote_path(path_), ENOSPC);
      p += n;
      left -= static_cast<std::size_t>(n);
    }
  }

  void commit() {
    if (::fsync(fd_) != 0) fail(target_, "cannot flush temporary file " + quote_path(path_), errno);
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) fail(target_, "cannot close temporary file " + quote_path(path_), errno);
    if (::rename(path_.c_str(), target_.c_str()) != 0)
      fail(target_, "cannot rename temporary file " + quote_path(path_) + " over it", errno);
    committed_ = true;
    sync_directory();
  }

 private:
  // Makes the rename durable. The new file is already in place, so only a real I/O error is
  // reported; file systems that cannot sync a directory (EINVAL) or directories we may not open
  // for reading are accepted as they are.
  void sync_directory() const {
    std::filesystem::path dir = std::filesystem::path(target_).parent_path();
    if (dir.empty()) dir = std::filesystem::path(".");
    const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0) return;
    const int rc = ::fsync(dfd);
    const int err = errno;
    ::close(dfd);
    if (rc != 0 && err != EINVAL && err != EROFS)
      fail(target_, "saved, but cannot flush directory " + quote_path(dir.string()), err);
  }

  std::string target_;
  std::string path_;
  int fd_ = -1;
  bool committed_ = false;
};

}  // namespace

void write_file_atomically(const std::string& path, std::span<const std::byte> bytes) {
  write_file_atomically(path, [&](const WriteChunk& write) { write(bytes); });
}

void write_file_atomically(const std::string& path,
                           const std::function<void(const WriteChunk& write)>& writer) {
  if (path.empty()) throw Error("cannot write a file with an empty path");
  TempFile temp(path);
  writer([&](std::span<const std::byte> chunk) { temp.write(chunk); });
  temp.commit();
}

void check_writable(const std::string& path) {
  if (path.empty()) throw Error("cannot write a file with an empty path");
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
    throw Error(path + ": is a directory, expected a file name");
  // A read-only directory, by its mode bits: refused for root too, who could write there.
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  const std::string dir = parent.empty() ? "." : parent.string();
  if (::stat(dir.c_str(), &st) == 0 && S_ISDIR(st.st_mode) && !(st.st_mode & S_IWUSR))
    throw Error(path + ": its directory " + quote_path(dir) + " is read-only (mode " + octal_mode(st.st_mode) +
                "); make it writable (chmod u+w) or choose another directory");
  TempFile probe(path);  // removed again by its destructor (never committed)
}

std::vector<std::byte> read_file(const std::string& path, std::uint64_t max_bytes) {
  const InputFile file = open_input_file(path);  // refuses FIFOs, devices, directories
  const int fd = file.fd();
  const std::uint64_t size = file.size();
  if (size > max_bytes)
    throw Error(path + ": file is " + std::to_string(size) + " bytes, more than the limit of " +
                std::to_string(max_bytes) + " bytes");

  std::vector<std::byte> bytes(static_cast<std::size_t>(size));
  std::size_t got = 0;
  while (got < bytes.size()) {
    const ssize_t n = ::read(fd, bytes.data() + got, bytes.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail(path, "cannot read", errno);
    if (n == 0) break;  // the file shrank since fstat: return what is there
    got += static_cast<std::size_t>(n);
  }
  bytes.resize(got);
  return bytes;
}

}  // namespace nnfs
