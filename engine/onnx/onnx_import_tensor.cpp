// Decoding ONNX constants: TensorProto → Constant, with every size checked against the bytes
// that are really there before anything is allocated.
#include <cstring>

#include "engine/core/error.h"
#include "engine/onnx/onnx_import_graph.h"

namespace nnfs::onnx_import {

namespace {

constexpr int kMaxRank = 8;
// Bounds a product of dimensions before it is multiplied further (no overflow), far above any
// tensor that fits in a file of kMaxOnnxBytes.
constexpr std::uint64_t kMaxElements = 1ull << 32;

std::string dims_text(const onnx::TensorProto& t) {
  std::string s = "[";
  for (int i = 0; i < t.dims_size(); ++i) s += (i ? ", " : "") + std::to_string(t.dims(i));
  return s + "]";
}

std::uint64_t element_count(const onnx::TensorProto& t, const std::string& where) {
  if (t.dims_size() > kMaxRank)
    throw Error(where + ": " + std::to_string(t.dims_size()) + " dimensions, expected at most " + std::to_string(kMaxRank));
  std::uint64_t count = 1;
  for (std::int64_t d : t.dims()) {
    if (d < 0) throw Error(where + ": negative dimension in shape " + dims_text(t));
    count *= static_cast<std::uint64_t>(d);
    if (count > kMaxElements) throw Error(where + ": shape " + dims_text(t) + " is too large");
  }
  return count;
}

// Copies `count` little-endian values of T from raw_data, or from the typed field.
template <typename T, typename Field>
std::vector<T> values(const onnx::TensorProto& t, std::uint64_t count, const Field& typed, const std::string& where) {
  std::vector<T> out;
  if (t.has_raw_data()) {
    if (t.raw_data().size() != count * sizeof(T))
      throw Error(where + ": shape " + dims_text(t) + " needs " + std::to_string(count * sizeof(T)) +
                  " bytes of data, found " + std::to_string(t.raw_data().size()));
    out.resize(count);
    if (count) std::memcpy(out.data(), t.raw_data().data(), count * sizeof(T));
    return out;
  }
  if (static_cast<std::uint64_t>(typed.size()) != count)
    throw Error(where + ": shape " + dims_text(t) + " needs " + std::to_string(count) + " values, found " +
                std::to_string(typed.size()));
  out.assign(typed.begin(), typed.end());
  return out;
}

}  // namespace

Constant decode_tensor(const onnx::TensorProto& t, const std::string& where) {
  if (t.data_location() == onnx::TensorProto::EXTERNAL)
    throw Error(where + ": data in an external file is not supported, expected it inside the .onnx file");
  if (t.has_segment()) throw Error(where + ": segmented tensors are not supported");
  const std::uint64_t count = element_count(t, where);
  Constant c;
  c.dims.assign(t.dims().begin(), t.dims().end());
  if (t.data_type() == onnx::TensorProto::FLOAT) {
    c.floats = values<float>(t, count, t.float_data(), where);
  } else if (t.data_type() == onnx::TensorProto::INT64) {
    c.integer = true;
    c.ints = values<std::int64_t>(t, count, t.int64_data(), where);
  } else {
    throw Error(where + ": data type " + std::to_string(t.data_type()) + " not supported, expected float32 (1) or int64 (7)");
  }
  return c;
}

}  // namespace nnfs::onnx_import
