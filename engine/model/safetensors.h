// Safetensors: the container for model files (layout and rules in docs/MODEL_FORMAT.md).
//
//   [u64 little-endian N][N bytes of JSON header, space-padded to a multiple of 8][tensor data]
//
// The header maps each tensor name to {"dtype": "F32", "shape": [..], "data_offsets": [b, e]}
// (offsets relative to the start of the data section) and may hold "__metadata__", a flat
// string -> string object. Only F32 tensors are supported. Files written here are readable by
// the Python `safetensors` library and vice versa (for F32 tensors of rank >= 1).
//
// Loading trusts nothing: every length, offset, shape and name is checked against the file before
// it is used, and each problem is an nnfs::Error naming the file and the byte or tensor, e.g.
//   "m.safetensors: tensor 'dense1.weight': data_offsets [0, 100] span 100 bytes, but shape
//    [128, 784] of F32 needs 401408 bytes"
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "engine/core/tensor.h"

namespace nnfs {

struct NamedTensor {
  std::string name;
  Tensor tensor;
};

struct SafetensorsFile {
  std::map<std::string, std::string> metadata;  // "__metadata__"; keys sorted
  std::vector<NamedTensor> tensors;             // in data order (ascending offsets) when loaded

  // The tensor called `name`, or nullptr.
  const Tensor* find(const std::string& name) const;
};

// Limits a loader enforces before allocating anything.
inline constexpr std::uint64_t kSafetensorsMaxHeaderBytes = 100'000'000;  // as the Python library
inline constexpr std::uint64_t kSafetensorsMaxFileBytes = std::uint64_t{2} << 30;  // 2 GiB

// The complete file contents: tensors in the given order, offsets contiguous from 0, header
// padded with spaces to a multiple of 8 so the data section starts 8-byte aligned. Throws
// nnfs::Error for duplicate names, the reserved name "__metadata__", rank-0 tensors, or names
// and metadata that are not valid UTF-8.
std::vector<std::byte> serialize_safetensors(const SafetensorsFile& file);

// Parses and validates file contents held in memory. `source` names the file in error messages.
SafetensorsFile parse_safetensors(std::span<const std::byte> bytes, const std::string& source);

// serialize_safetensors + write_file_atomically: an old file at `path` survives any failure.
void save_safetensors(const std::string& path, const SafetensorsFile& file);

// The same checks on a file, made as it is read: the 8-byte header length first (a zero or absurd
// length is refused after reading 8 bytes), then the header, and only then the tensor data, read
// straight into the tensors. Refuses a FIFO, device or directory (open_input_file) and files
// above max_file_bytes before reading anything.
SafetensorsFile load_safetensors(const std::string& path,
                                 std::uint64_t max_file_bytes = kSafetensorsMaxFileBytes);

}  // namespace nnfs
