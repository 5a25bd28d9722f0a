// Opening a file the user named, for reading, without ever blocking on it.
//
// A plain open() of a named pipe waits for a writer forever, and /dev/zero or a socket never
// ends; so every reader of user files goes through open_input_file(): it opens with O_NONBLOCK
// (which returns at once for a FIFO), checks with fstat() on the descriptor it got (no race
// between the check and the open), refuses anything that is not a regular file with a one-line
// error, and only then clears O_NONBLOCK. Readers that need a path for a library (stb_image,
// zlib's gzopen) call require_regular_file() first.
//   "f: is a named pipe (FIFO), expected a regular file"
//   "models: is a directory, expected a file"
//   "/dev/zero: is a character device, expected a regular file"
//   "/proc/cpuinfo: reports a size of 0 bytes (a /proc or /sys file?), expected a regular file with data"
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace nnfs {

// An open, regular, readable file; closes its descriptor when destroyed.
class InputFile {
 public:
  InputFile(int fd, std::uint64_t size) : fd_(fd), size_(size) {}
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;
  InputFile(InputFile&& other) noexcept : fd_(other.fd_), size_(other.size_) { other.fd_ = -1; }
  InputFile& operator=(InputFile&& other) noexcept;
  ~InputFile();

  int fd() const { return fd_; }
  std::uint64_t size() const { return size_; }  // st_size at open time
  void set_size(std::uint64_t size) { size_ = size; }
  // Gives up the descriptor (the caller closes it).
  int release() {
    const int fd = fd_;
    fd_ = -1;
    return fd;
  }

 private:
  int fd_;
  std::uint64_t size_;
};

// Opens `path` for reading. Throws nnfs::Error naming the path when it is missing, unreadable, a
// directory, a FIFO, a socket or a device. Never blocks.
InputFile open_input_file(const std::string& path);

// open_input_file as a stdio stream ("rb"), for readers that use fread; the caller fcloses it.
std::FILE* open_input_stream(const std::string& path);

// The first bytes of a file (fewer if it is shorter), with open_input_file's checks.
std::vector<std::uint8_t> read_file_head(const std::string& path, std::size_t n);

// The same checks for readers that open the path themselves (returns the size in bytes).
std::uint64_t require_regular_file(const std::string& path);

// "is a named pipe (FIFO)", "is a directory", ...: what the st_mode says a path is, for messages.
std::string describe_file_type(unsigned mode);

// Throws unless `path` is a directory (names what it is instead).
void require_directory(const std::string& path);

}  // namespace nnfs
