// Whole-file input for the data readers and replace-on-success output for the data writers.
//
// read_data_file() gives the readers one contiguous buffer to parse in a single pass, gzip or
// not (detected by the magic bytes 1f 8b, not the file name).
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

inline constexpr std::uint64_t kMaxDataFileBytes = std::uint64_t{4} << 30;  // 4 GiB

// The contents of a file, followed by kFileBufferPadding zero bytes that are not part of the
// contents, so a parser may read a few bytes past any position without a bounds check. Raw files
// are memory-mapped (the page cache is used directly: 5 ms instead of 70 ms for a 130 MB CSV);
// gzip files are decompressed into heap memory. Move-only.
inline constexpr std::size_t kFileBufferPadding = 16;

class FileBuffer {
 public:
  FileBuffer() = default;
  ~FileBuffer();
  FileBuffer(FileBuffer&& other) noexcept;
  FileBuffer& operator=(FileBuffer&& other) noexcept;
  FileBuffer(const FileBuffer&) = delete;
  FileBuffer& operator=(const FileBuffer&) = delete;

  const char* data() const { return data_; }
  std::size_t size() const { return size_; }
  std::string_view view() const { return {data_, size_}; }

 private:
  friend FileBuffer read_data_file(const std::string& path, std::uint64_t max_bytes);
  void release();
  static constexpr char kZeros[kFileBufferPadding] = {};  // contents of an empty file

  const char* data_ = kZeros;
  std::size_t size_ = 0;
  std::unique_ptr<char[]> heap_;  // gzip contents, or null when mapped
  void* map_ = nullptr;           // mmap'ed region (file pages + a zero page), or null
  std::size_t map_length_ = 0;
};

// Reads (and if gzip, decompresses) the whole file. Throws nnfs::Error naming the path if it is
// missing, not a regular file, unreadable, corrupt gzip, or larger than max_bytes.
FileBuffer read_data_file(const std::string& path, std::uint64_t max_bytes = kMaxDataFileBytes);

// Throws nnfs::Error naming the path unless it is an existing regular file; returns its size.
std::uint64_t regular_file_size(const std::string& path);

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
