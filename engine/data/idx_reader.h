// IDX files, the format MNIST and Fashion-MNIST ship in, raw or gzip-compressed.
//
// Layout (all integers big-endian):
//   byte 0-1  zero
//   byte 2    data type (only 0x08, unsigned byte, is supported)
//   byte 3    number of dimensions R (images: 3, labels: 1)
//   byte 4..  R dimension sizes, 4 bytes each
//   then      prod(dims) data bytes, row-major, and nothing after them
// So the images magic is 0x00000803 and the labels magic 0x00000801.
//
// Every check happens before the data is allocated: a raw file's header is checked against the
// file size, and a gzip file is decompressed incrementally, so a header claiming 4 GB cannot
// make the reader allocate 4 GB for a 1 KB file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/data/dataset.h"

namespace nnfs {

struct IdxArray {
  std::vector<std::uint32_t> dims;   // e.g. {60000, 28, 28}
  std::vector<std::uint8_t> bytes;   // prod(dims) values, row-major
};

// Reads an IDX file of unsigned bytes. expected_rank > 0 also requires that many dimensions
// (checked from the header, before any data is read). Throws nnfs::Error naming path and byte.
IdxArray read_idx(const std::string& path, std::size_t expected_rank = 0);

// Images [count, H, W] and, unless labels_path is null, labels [count] with values 0-9. The
// result has class names "0".."9" (callers with other classes replace them).
Dataset read_idx_dataset(const std::string& images_path, const std::string* labels_path);

// Writers (paths ending in ".gz" are gzip-compressed). Images need pixels and a 2-D sample shape;
// labels must be 0-255.
void write_idx(const std::string& path, const IdxArray& array);
void write_idx_images(const std::string& path, const Dataset& data);
void write_idx_labels(const std::string& path, const Dataset& data);

}  // namespace nnfs
