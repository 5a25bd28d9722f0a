// Streamed input for the data readers and replace-on-success output for the data writers.
//
// DataFileStream reads a file front to back, gzip or not (detected by the magic bytes 1f 8b, not
// the file name), so a reader parses as it reads: a bad first line is reported after reading the
// first bytes, whatever the size of the file, and memory follows what is actually parsed.
//
// OutputFile writes "<path>.tmp-<pid>" and renames it over <path> in commit(), so an error
// half way (disk full, bad data) never leaves a truncated file behind; without commit() the
// temporary file is removed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

namespace nnfs {

class GzipReader;

inline constexpr std::uint64_t kMaxDataFileBytes = std::uint64_t{4} << 30;  // 4 GiB

// Where a reader's bytes come from: a file (DataFileStream) or, in tests, anything else.
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Up to n bytes into dst; fewer only at the end of the data.
  virtual std::size_t read(std::uint8_t* dst, std::size_t n) = 0;
};

class DataFileStream final : public ByteSource {
 public:
  // Throws nnfs::Error naming the path if it is missing, not a regular file (never blocks on a
  // FIFO), unreadable, or larger than max_bytes (a gzip file: once it decompresses to more).
  explicit DataFileStream(const std::string& path, std::uint64_t max_bytes = kMaxDataFileBytes);
  ~DataFileStream() override;
  DataFileStream(const DataFileStream&) = delete;
  DataFileStream& operator=(const DataFileStream&) = delete;

  std::size_t read(std::uint8_t* dst, std::size_t n) override;  // throws for corrupt gzip data
  bool gzip() const { return gz_ != nullptr; }
  std::uint64_t file_size() const { return file_size_; }  // on disk (compressed for gzip)
  std::uint64_t offset() const { return offset_; }        // bytes returned so far

 private:
  std::string path_;
  std::uint64_t max_bytes_;
  std::uint64_t file_size_ = 0;
  std::uint64_t offset_ = 0;
  std::FILE* file_ = nullptr;
  std::unique_ptr<GzipReader> gz_;
};

class OutputFile {
 public:
  // gzip: compress what is written (gzip format, default level).
  explicit OutputFile(const std::string& path, bool gzip = false);
  ~OutputFile();  // removes the temporary file unless committed
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  void write(const void* data, std::size_t n);
  void write(std::string_view text) { write(text.data(), text.size()); }
  void commit();  // flushes, closes and renames over the destination

 private:
  void close_or_throw();
  [[noreturn]] void fail(const std::string& what);

  std::string path_;
  std::string temp_path_;
  std::FILE* file_ = nullptr;
  void* gz_ = nullptr;  // gzFile, kept opaque so zlib.h stays out of this header
  bool committed_ = false;
};

// True if the path ends in ".gz" (writers compress such files).
bool has_gz_suffix(std::string_view path);

}  // namespace nnfs
