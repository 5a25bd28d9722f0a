#include "engine/data/gzip_reader.h"

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

#include "engine/core/error.h"
#include "engine/util/input_file.h"

namespace nnfs {

namespace {
constexpr std::size_t kInputChunk = std::size_t{256} << 10;
// inflate() counts in uInt; hand it at most this much output per call.
constexpr std::size_t kMaxOutputPerCall = std::size_t{1} << 30;

}  // namespace

bool has_gzip_magic(const std::string& path) {
  std::FILE* f = open_input_stream(path);  // never blocks; refuses FIFOs, devices, directories
  unsigned char magic[2] = {0, 0};
  const std::size_t n = std::fread(magic, 1, 2, f);
  std::fclose(f);
  return n == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
}

struct GzipReader::State {
  std::FILE* file = nullptr;
  z_stream z{};
  std::vector<unsigned char> buffer = std::vector<unsigned char>(kInputChunk);
  std::uint64_t buffer_offset = 0;  // file offset of buffer[0]
  bool inflate_ready = false;
};

GzipReader::GzipReader(const std::string& path) : path_(path), state_(std::make_unique<State>()) {
  state_->file = open_input_stream(path);
  // 16 + MAX_WBITS: expect a gzip wrapper (header + CRC-32/length trailer), nothing else.
  if (inflateInit2(&state_->z, 16 + MAX_WBITS) != Z_OK) {
    std::fclose(state_->file);
    throw Error(path + ": cannot initialise zlib");
  }
  state_->inflate_ready = true;
  state_->z.next_in = state_->buffer.data();
  state_->z.avail_in = 0;
}

GzipReader::~GzipReader() {
  if (state_->inflate_ready) inflateEnd(&state_->z);
  if (state_->file) std::fclose(state_->file);
}

std::uint64_t GzipReader::compressed_offset() const {
  return state_->buffer_offset +
         static_cast<std::uint64_t>(state_->z.next_in - state_->buffer.data());
}

void GzipReader::fail(const std::string& what) const {
  throw Error(path_ + ": compressed byte " + std::to_string(compressed_offset()) + ": " + what);
}

bool GzipReader::refill() {
  State& s = *state_;
  // Keep unconsumed input at the front so a 2-byte magic check never straddles two reads.
  const std::size_t consumed = static_cast<std::size_t>(s.z.next_in - s.buffer.data());
  if (s.z.avail_in > 0) std::memmove(s.buffer.data(), s.z.next_in, s.z.avail_in);
  s.buffer_offset += consumed;
  const std::size_t kept = s.z.avail_in;
  const std::size_t n = std::fread(s.buffer.data() + kept, 1, s.buffer.size() - kept, s.file);
  if (n == 0 && std::ferror(s.file)) fail(std::string("read error: ") + std::strerror(errno));
  s.z.next_in = s.buffer.data();
  s.z.avail_in = static_cast<uInt>(kept + n);
  return n > 0;
}

bool GzipReader::start_next_member() {
  State& s = *state_;
  if (s.z.avail_in < 2) refill();
  if (s.z.avail_in == 0) return false;  // clean end of file
  if (s.z.avail_in >= 2 && s.z.next_in[0] == 0x1f && s.z.next_in[1] == 0x8b) {
    inflateReset(&s.z);  // concatenated gzip members decode as one stream (like gzip -d)
    return true;
  }
  fail("expected end of file or another gzip member, found trailing garbage");
}

std::size_t GzipReader::read(std::uint8_t* dst, std::size_t n) {
  State& s = *state_;
  std::size_t got = 0;
  while (got < n && !finished_) {
    if (s.z.avail_in == 0 && !refill())
      fail("gzip data ends unexpectedly (file truncated?)");
    const std::size_t want = std::min(n - got, kMaxOutputPerCall);
    s.z.next_out = dst + got;
    s.z.avail_out = static_cast<uInt>(want);
    const int ret = inflate(&s.z, Z_NO_FLUSH);
    got += want - s.z.avail_out;
    if (ret == Z_STREAM_END) {
      if (!start_next_member()) finished_ = true;
    } else if (ret == Z_BUF_ERROR) {
      continue;  // all input consumed without progress: the loop head fetches more
    } else if (ret != Z_OK) {
      const char* msg = s.z.msg ? s.z.msg : "unknown zlib error";
      if (ret == Z_MEM_ERROR) fail("out of memory while decompressing");
      fail(std::string("corrupt gzip data (") + msg + ")");
    }
  }
  produced_ += got;
  return got;
}

}  // namespace nnfs
