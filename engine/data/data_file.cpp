#include "engine/data/data_file.h"

#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <utility>

#include "engine/core/error.h"
#include "engine/data/gzip_reader.h"
#include "engine/util/input_file.h"

namespace nnfs {

namespace fs = std::filesystem;

namespace {

std::string errno_text() { return std::strerror(errno); }

}  // namespace

DataFileStream::DataFileStream(const std::string& path, std::uint64_t max_bytes)
    : path_(path), max_bytes_(max_bytes) {
  if (has_gzip_magic(path)) {  // refuses FIFOs, devices and directories without blocking
    gz_ = std::make_unique<GzipReader>(path);
    file_size_ = require_regular_file(path);
    return;
  }
  InputFile file = open_input_file(path);
  file_size_ = file.size();
  if (file_size_ > max_bytes)
    throw Error(path + ": file is " + std::to_string(file_size_) + " bytes, more than the limit of " +
                std::to_string(max_bytes) + " for a data file");
  file_ = ::fdopen(file.fd(), "rb");
  if (!file_) throw Error(path + ": cannot open: " + errno_text());
  file.release();  // the stream owns the descriptor now
}

DataFileStream::~DataFileStream() {
  if (file_) std::fclose(file_);
}

std::size_t DataFileStream::read(std::uint8_t* dst, std::size_t n) {
  std::size_t got = 0;
  if (gz_) {
    got = gz_->read(dst, n);
  } else {
    got = std::fread(dst, 1, n, file_);
    if (got < n && std::ferror(file_)) throw Error(path_ + ": read error: " + errno_text());
  }
  offset_ += got;
  if (offset_ > max_bytes_)  // a gzip file (a raw one was checked when opened), or a growing file
    throw Error(path_ + (gz_ ? ": decompresses to more than " : ": grew to more than ") +
                std::to_string(max_bytes_) + " bytes, the limit for a data file");
  return got;
}

bool has_gz_suffix(std::string_view path) { return path.ends_with(".gz"); }

OutputFile::OutputFile(const std::string& path, bool gzip) : path_(path) {
  static std::atomic<unsigned> counter{0};  // distinct temp names for concurrent writers
  temp_path_ = path + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
  if (gzip) {
    gz_ = gzopen(temp_path_.c_str(), "wb");
    if (!gz_) throw Error(path_ + ": cannot create temporary file '" + temp_path_ + "': " + errno_text());
  } else {
    file_ = std::fopen(temp_path_.c_str(), "wb");
    if (!file_) throw Error(path_ + ": cannot create temporary file '" + temp_path_ + "': " + errno_text());
  }
}

OutputFile::~OutputFile() {
  if (committed_) return;
  if (file_) std::fclose(file_);
  if (gz_) gzclose(static_cast<gzFile>(gz_));
  std::error_code ec;
  fs::remove(temp_path_, ec);
}

void OutputFile::fail(const std::string& what) {
  if (file_) std::fclose(file_);
  if (gz_) gzclose(static_cast<gzFile>(gz_));
  file_ = nullptr;
  gz_ = nullptr;
  std::error_code ec;
  fs::remove(temp_path_, ec);
  committed_ = true;  // nothing left for the destructor to clean up
  throw Error(path_ + ": " + what);
}

void OutputFile::write(const void* data, std::size_t n) {
  if (committed_) throw Error(path_ + ": write after commit");
  const char* p = static_cast<const char*>(data);
  if (file_) {
    if (std::fwrite(p, 1, n, file_) != n) fail("write error: " + errno_text());
    return;
  }
  while (n > 0) {  // gzwrite counts in unsigned
    const unsigned chunk = static_cast<unsigned>(std::min<std::size_t>(n, std::size_t{1} << 30));
    if (gzwrite(static_cast<gzFile>(gz_), p, chunk) != static_cast<int>(chunk))
      fail("compressed write error");
    p += chunk;
    n -= chunk;
  }
}

void OutputFile::close_or_throw() {
  if (file_) {
    const bool ok = std::fflush(file_) == 0 && ::fsync(fileno(file_)) == 0;
    const std::string err = ok ? "" : errno_text();
    const bool closed = std::fclose(file_) == 0;
    file_ = nullptr;
    if (!ok || !closed) fail("write error: " + (ok ? errno_text() : err));
  }
  if (gz_) {
    const int rc = gzclose(static_cast<gzFile>(gz_));
    gz_ = nullptr;
    if (rc != Z_OK) fail("compressed write error on close");
  }
}

void OutputFile::commit() {
  if (committed_) return;
  close_or_throw();
  std::error_code ec;
  fs::rename(temp_path_, path_, ec);
  if (ec) fail("cannot rename '" + temp_path_ + "' into place: " + ec.message());
  committed_ = true;
}

}  // namespace nnfs
