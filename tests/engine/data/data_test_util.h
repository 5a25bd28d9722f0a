// Helpers for the data reader tests: small datasets, IDX byte images, gzip via zlib, and a way to
// get the message of the nnfs::Error a call throws.
#pragma once

#include <zlib.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/core/error.h"
#include "engine/data/dataset.h"
#include "support/temp_dir.h"

namespace nnfs::test {

using Bytes = std::vector<unsigned char>;

// Runs f, which must throw nnfs::Error; returns its message (checked to be one line).
template <typename F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const nnfs::Error& e) {
    const std::string msg = e.what();
    CHECK(msg.find('\n') == std::string::npos);
    return msg;
  }
  FAIL("expected an nnfs::Error");
  return {};
}

// `count` images of h x w with a recognisable pattern, labels i % 10.
inline Dataset tiny_images(std::size_t count, std::size_t h = 28, std::size_t w = 28) {
  Dataset d;
  d.source = "tiny";
  d.count = count;
  d.sample_shape = {h, w};
  d.pixels.resize(count * h * w);
  for (std::size_t i = 0; i < d.pixels.size(); ++i)
    d.pixels[i] = static_cast<std::uint8_t>((i * 37 + i / 7) % 256);
  for (std::size_t i = 0; i < count; ++i) d.labels.push_back(static_cast<std::int32_t>(i % 10));
  d.class_names = digit_class_names();
  return d;
}

inline void append_be32(Bytes& b, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) b.push_back(static_cast<unsigned char>(v >> shift));
}

// An IDX file: header (type byte, dims) followed by `data` as given (not checked).
inline Bytes idx_bytes(const std::vector<std::uint32_t>& dims, const Bytes& data,
                       unsigned char type = 0x08) {
  Bytes b = {0, 0, type, static_cast<unsigned char>(dims.size())};
  for (std::uint32_t d : dims) append_be32(b, d);
  b.insert(b.end(), data.begin(), data.end());
  return b;
}

inline Bytes counting_bytes(std::size_t n, unsigned modulo = 256) {
  Bytes b(n);
  for (std::size_t i = 0; i < n; ++i) b[i] = static_cast<unsigned char>(i % modulo);
  return b;
}

// Writes `content` gzip-compressed with zlib's gzopen/gzwrite; returns the path.
inline std::string write_gzip(const TempDir& dir, const std::string& name, const Bytes& content) {
  const std::string path = dir.file(name);
  gzFile f = gzopen(path.c_str(), "wb");
  if (!f) throw std::runtime_error("gzopen failed");
  if (!content.empty())
    gzwrite(f, content.data(), static_cast<unsigned>(content.size()));
  gzclose(f);
  return path;
}

// The bytes of `content` gzip-compressed.
inline Bytes gzip_of(const TempDir& dir, const Bytes& content) {
  return read_bytes(write_gzip(dir, "gzip-scratch.gz", content));
}

inline Bytes concat(Bytes a, const Bytes& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

}  // namespace nnfs::test
