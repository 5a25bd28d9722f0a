#include "engine/data/data_file.h"

#include <fcntl.h>
#include <sys/mman.h>
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

struct HeapBytes {
  std::unique_ptr<char[]> bytes;
  std::size_t size = 0;
};

// Decompressed size is unknown up front: grow by doubling, starting from a guess based on the
// compressed size, so memory follows the bytes actually produced, never a claimed size. The
// padding beyond `capacity` is always allocated.
HeapBytes read_gzip(const std::string& path, std::uint64_t compressed_size,
                    std::uint64_t max_bytes) {
  GzipReader gz(path);
  const auto too_big = [&] {
    return Error(path + ": decompresses to more than " + std::to_string(max_bytes) +
                 " bytes, the limit for a data file");
  };
  std::size_t capacity = static_cast<std::size_t>(
      std::min<std::uint64_t>(max_bytes + 1, std::max<std::uint64_t>(compressed_size * 4, 1 << 20)));
  HeapBytes out;
  out.bytes = std::make_unique_for_overwrite<char[]>(capacity + kFileBufferPadding);
  for (;;) {
    if (out.size == capacity) {
      if (capacity > max_bytes) throw too_big();
      const std::size_t bigger = static_cast<std::size_t>(
          std::min<std::uint64_t>(max_bytes + 1, std::uint64_t{capacity} * 2));
      auto grown = std::make_unique_for_overwrite<char[]>(bigger + kFileBufferPadding);
      std::memcpy(grown.get(), out.bytes.get(), out.size);
      out.bytes = std::move(grown);
      capacity = bigger;
    }
    const std::size_t n =
        gz.read(reinterpret_cast<std::uint8_t*>(out.bytes.get()) + out.size, capacity - out.size);
    if (n == 0) break;
    out.size += n;
  }
  if (out.size > max_bytes) throw too_big();
  std::memset(out.bytes.get() + out.size, 0, kFileBufferPadding);
  return out;
}

}  // namespace

std::uint64_t regular_file_size(const std::string& path) { return require_regular_file(path); }

FileBuffer::~FileBuffer() { release(); }

void FileBuffer::release() {
  if (map_) ::munmap(map_, map_length_);
  map_ = nullptr;
  map_length_ = 0;
  heap_.reset();
  data_ = kZeros;
  size_ = 0;
}

FileBuffer::FileBuffer(FileBuffer&& other) noexcept { *this = std::move(other); }

FileBuffer& FileBuffer::operator=(FileBuffer&& other) noexcept {
  if (this != &other) {
    release();
    data_ = std::exchange(other.data_, kZeros);
    size_ = std::exchange(other.size_, 0);
    heap_ = std::move(other.heap_);
    map_ = std::exchange(other.map_, nullptr);
    map_length_ = std::exchange(other.map_length_, 0);
  }
  return *this;
}

FileBuffer read_data_file(const std::string& path, std::uint64_t max_bytes) {
  const std::uint64_t size = regular_file_size(path);
  FileBuffer out;
  if (has_gzip_magic(path)) {
    HeapBytes heap = read_gzip(path, size, max_bytes);
    out.heap_ = std::move(heap.bytes);
    out.data_ = out.heap_.get();
    out.size_ = heap.size;
    return out;
  }
  if (size > max_bytes)
    throw Error(path + ": file is " + std::to_string(size) + " bytes, more than the limit of " +
                std::to_string(max_bytes) + " for a data file");
  if (size == 0) return out;  // data_ is kZeros

  // Reserve the file's pages plus the padding (anonymous memory is zero-filled), then map the
  // file over the front of it. The bytes after the contents are therefore always zero, also when
  // the size is an exact multiple of the page size. (Past the end of the file, the last file page
  // reads as zeros too.)
  const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  const std::size_t length =
      (static_cast<std::size_t>(size) + kFileBufferPadding + page - 1) / page * page;
  void* region = ::mmap(nullptr, length, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (region == MAP_FAILED) throw Error(path + ": cannot map " + std::to_string(size) + " bytes: " + errno_text());
  out.map_ = region;
  out.map_length_ = length;
  const InputFile file = open_input_file(path);
  void* mapped = ::mmap(region, static_cast<std::size_t>(size), PROT_READ,
                        MAP_PRIVATE | MAP_FIXED | MAP_POPULATE, file.fd(), 0);
  const std::string map_error = mapped == MAP_FAILED ? errno_text() : "";
  if (mapped == MAP_FAILED) throw Error(path + ": cannot map: " + map_error);
  out.data_ = static_cast<const char*>(region);
  out.size_ = static_cast<std::size_t>(size);
  return out;
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
