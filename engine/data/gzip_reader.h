// GzipReader: streams the decompressed bytes of a gzip file, validating everything zlib checks
// (header, deflate data, CRC-32 and length trailer) plus what it does not: a file cut short and
// bytes after the last gzip member are errors, not silently ignored.
//
// The whole compressed file is never held in memory and nothing is allocated from sizes the
// file claims, so a hostile header cannot make the reader allocate more than it actually yields.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace nnfs {

// True if the file starts with the gzip magic bytes 1f 8b. Throws nnfs::Error if it cannot be
// opened ("data/x.gz: cannot open: No such file or directory").
bool has_gzip_magic(const std::string& path);

class GzipReader {
 public:
  explicit GzipReader(const std::string& path);  // throws nnfs::Error if it cannot be opened
  ~GzipReader();
  GzipReader(const GzipReader&) = delete;
  GzipReader& operator=(const GzipReader&) = delete;

  // Decompresses up to n bytes into dst; returns fewer only at the end of the data. Throws
  // nnfs::Error for corrupt or truncated data, naming the compressed byte offset.
  std::size_t read(std::uint8_t* dst, std::size_t n);

  const std::string& path() const { return path_; }
  std::uint64_t decompressed_offset() const { return produced_; }  // bytes returned so far

 private:
  struct State;
  bool refill();                 // reads more compressed input; false at end of file
  bool start_next_member();      // after a member ends: another member, or the true end
  std::uint64_t compressed_offset() const;
  [[noreturn]] void fail(const std::string& what) const;

  std::string path_;
  std::unique_ptr<State> state_;
  std::uint64_t produced_ = 0;
  bool finished_ = false;
};

}  // namespace nnfs
