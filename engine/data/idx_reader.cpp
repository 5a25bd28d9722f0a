#include "engine/data/idx_reader.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <span>

#include "engine/core/error.h"
#include "engine/data/data_file.h"

namespace nnfs {

namespace {

constexpr std::uint8_t kUnsignedByte = 0x08;

std::string hex(std::uint64_t value, int digits) {
  static const char* const kDigits = "0123456789abcdef";
  std::string s = "0x";
  for (int i = digits - 1; i >= 0; --i) s += kDigits[(value >> (4 * i)) & 0xf];
  return s;
}

std::string type_name(std::uint8_t type) {
  switch (type) {
    case 0x08: return "unsigned byte";
    case 0x09: return "signed byte";
    case 0x0B: return "16-bit int";
    case 0x0C: return "32-bit int";
    case 0x0D: return "float";
    case 0x0E: return "double";
    default: return "unknown type";
  }
}

std::string dims_text(const std::vector<std::uint32_t>& dims) {
  std::string s;
  for (std::size_t i = 0; i < dims.size(); ++i) {
    if (i) s += 'x';
    s += std::to_string(dims[i]);
  }
  return s;
}

[[noreturn]] void fail_at(const std::string& path, std::uint64_t byte, bool gzip,
                          const std::string& what) {
  throw Error(path + ": byte " + std::to_string(byte) + (gzip ? " (decompressed)" : "") + ": " +
              what);
}

std::uint32_t big_endian_u32(const std::uint8_t* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
         std::uint32_t{p[3]};
}

// Reads exactly `total` data bytes from a gzip source, growing the buffer only as bytes arrive.
void read_gzip_data(DataFileStream& src, std::vector<std::uint8_t>& bytes, std::uint64_t total,
                    const std::string& path, std::uint64_t header_size,
                    const std::vector<std::uint32_t>& dims) {
  constexpr std::uint64_t kFirstChunk = std::uint64_t{1} << 20;
  std::size_t got = 0;
  while (got < total) {
    if (got == bytes.size())
      bytes.resize(static_cast<std::size_t>(std::min(total, std::max<std::uint64_t>(kFirstChunk, 2 * got))));
    const std::size_t n = src.read(bytes.data() + got, bytes.size() - got);
    if (n == 0)
      fail_at(path, header_size + got, true,
              "expected " + std::to_string(total) + " data bytes (" + dims_text(dims) +
                  "), found only " + std::to_string(got) + " (data truncated)");
    got += n;
  }
}

}  // namespace

IdxArray read_idx(const std::string& path, std::size_t expected_rank) {
  DataFileStream src(path);  // never blocks; refuses FIFOs, devices, directories
  const std::uint64_t file_size = src.file_size();
  const bool gzip = src.gzip();

  std::uint8_t magic[4];
  const std::size_t got_magic = src.read(magic, 4);
  const std::string want_magic = expected_rank ? hex(0x800 + expected_rank, 8) : "0x000008RR";
  if (got_magic < 4)
    fail_at(path, got_magic, gzip,
            "expected the 4-byte IDX magic " + want_magic + ", found end of file");
  const std::uint32_t magic_value = big_endian_u32(magic);
  if (magic[0] != 0 || magic[1] != 0)
    fail_at(path, 0, gzip, "expected IDX magic " + want_magic + ", found " + hex(magic_value, 8) +
                               " (not an IDX file)");
  if (magic[2] != kUnsignedByte)
    fail_at(path, 2, gzip, "expected data type 0x08 (unsigned byte), found " + hex(magic[2], 2) +
                               " (" + type_name(magic[2]) + ")");
  const std::size_t rank = magic[3];
  if (rank == 0) fail_at(path, 3, gzip, "expected at least 1 dimension, found 0");
  if (expected_rank && rank != expected_rank)
    fail_at(path, 3, gzip,
            "expected " + std::to_string(expected_rank) + " dimension(s) (magic " + want_magic +
                "), found " + std::to_string(rank) + " (magic " + hex(magic_value, 8) +
                (rank == 1 ? ", a labels file?" : rank == 3 ? ", an images file?" : "") + ")");

  IdxArray out;
  out.dims.resize(rank);
  std::vector<std::uint8_t> dim_bytes(4 * rank);
  const std::size_t got_dims = src.read(dim_bytes.data(), dim_bytes.size());
  if (got_dims < dim_bytes.size())
    fail_at(path, 4 + got_dims, gzip,
            "expected " + std::to_string(rank) + " dimension sizes (" +
                std::to_string(4 * rank) + " bytes), found end of file");
  std::uint64_t total = 1;
  for (std::size_t i = 0; i < rank; ++i) {
    out.dims[i] = big_endian_u32(&dim_bytes[4 * i]);
    // Saturating product: anything above the data-file cap is rejected the same way.
    if (out.dims[i] != 0 && total > kMaxDataFileBytes / out.dims[i]) total = kMaxDataFileBytes + 1;
    else total *= out.dims[i];
  }
  const std::uint64_t header_size = 4 + 4 * rank;
  if (total > kMaxDataFileBytes)
    fail_at(path, 4, gzip, "expected at most " + std::to_string(kMaxDataFileBytes) +
                               " data bytes, found dimensions " + dims_text(out.dims));

  if (!gzip) {
    // The file size bounds the allocation: check before reserving anything.
    const std::uint64_t available = file_size > header_size ? file_size - header_size : 0;
    if (available < total)
      fail_at(path, header_size, false,
              "expected " + std::to_string(total) + " data bytes (" + dims_text(out.dims) +
                  "), found only " + std::to_string(available) + " (file truncated)");
    if (available > total)
      fail_at(path, header_size + total, false,
              "expected end of file after the " + dims_text(out.dims) + " data, found " +
                  std::to_string(available - total) + " trailing bytes");
    out.bytes.resize(static_cast<std::size_t>(total));
    const std::size_t got = src.read(out.bytes.data(), out.bytes.size());
    if (got != total)
      fail_at(path, header_size + got, false, "file shrank while being read");
    return out;
  }

  read_gzip_data(src, out.bytes, total, path, header_size, out.dims);
  std::uint8_t extra;
  if (src.read(&extra, 1) != 0)  // also makes zlib verify the CRC-32 trailer
    fail_at(path, header_size + total, true,
            "expected end of data after the " + dims_text(out.dims) +
                " values, found trailing bytes");
  return out;
}

Dataset read_idx_dataset(const std::string& images_path, const std::string* labels_path) {
  IdxArray images = read_idx(images_path, 3);
  const std::uint32_t count = images.dims[0], height = images.dims[1], width = images.dims[2];
  if (count == 0) throw Error(images_path + ": byte 4: expected at least one image, found 0");
  if (height == 0 || width == 0)
    throw Error(images_path + ": byte " + (height == 0 ? "8" : "12") +
                ": expected a non-zero image size, found " + dims_text(images.dims));

  Dataset data;
  data.source = images_path;
  data.count = count;
  data.sample_shape = {height, width};
  data.pixels = std::move(images.bytes);
  data.class_names = digit_class_names();
  if (!labels_path) return data;

  const std::string& lpath = *labels_path;
  IdxArray labels = read_idx(lpath, 1);
  if (labels.dims[0] != count)
    throw Error(lpath + ": byte 4: expected " + std::to_string(count) +
                " labels (one per image in " + images_path + "), found " +
                std::to_string(labels.dims[0]));
  data.labels.resize(count);
  for (std::size_t i = 0; i < count; ++i) {
    const std::uint8_t label = labels.bytes[i];
    if (label > 9)
      throw Error(lpath + ": byte " + std::to_string(8 + i) + ": expected a label 0-9, found " +
                  std::to_string(label) + " (label of image " + std::to_string(i) + ")");
    data.labels[i] = label;
  }
  return data;
}

namespace {

void write_idx_bytes(const std::string& path, const std::vector<std::uint32_t>& dims,
                     std::span<const std::uint8_t> bytes) {
  if (dims.empty() || dims.size() > 255)
    throw Error(path + ": cannot write an IDX array of rank " + std::to_string(dims.size()));
  std::uint64_t total = 1;
  for (std::uint32_t d : dims) total *= d;
  if (total != bytes.size())
    throw Error(path + ": IDX dimensions " + dims_text(dims) + " do not match " +
                std::to_string(bytes.size()) + " data bytes");
  std::vector<std::uint8_t> header = {0, 0, kUnsignedByte, static_cast<std::uint8_t>(dims.size())};
  for (std::uint32_t d : dims)
    for (int shift = 24; shift >= 0; shift -= 8) header.push_back(static_cast<std::uint8_t>(d >> shift));
  OutputFile out(path, has_gz_suffix(path));
  out.write(header.data(), header.size());
  out.write(bytes.data(), bytes.size());
  out.commit();
}

std::uint32_t checked_dim(const std::string& path, std::size_t value) {
  if (value > 0xffffffffu) throw Error(path + ": dimension " + std::to_string(value) + " too large for IDX");
  return static_cast<std::uint32_t>(value);
}

}  // namespace

void write_idx(const std::string& path, const IdxArray& array) {
  write_idx_bytes(path, array.dims, array.bytes);
}

void write_idx_images(const std::string& path, const Dataset& data) {
  if (!data.is_image() || data.sample_shape.size() != 2)
    throw Error(path + ": only image data (samples of shape [H, W]) can be written as IDX images");
  write_idx_bytes(path,
                  {checked_dim(path, data.count), checked_dim(path, data.sample_shape[0]),
                   checked_dim(path, data.sample_shape[1])},
                  data.pixels);
}

void write_idx_labels(const std::string& path, const Dataset& data) {
  if (data.labels.size() != data.count || data.count == 0)
    throw Error(path + ": the data has no labels to write");
  std::vector<std::uint8_t> bytes(data.count);
  for (std::size_t i = 0; i < data.count; ++i) {
    if (data.labels[i] < 0 || data.labels[i] > 255)
      throw Error(path + ": label " + std::to_string(data.labels[i]) + " of sample " +
                  std::to_string(i) + " does not fit in an unsigned byte");
    bytes[i] = static_cast<std::uint8_t>(data.labels[i]);
  }
  write_idx_bytes(path, {checked_dim(path, data.count)}, bytes);
}

}  // namespace nnfs
