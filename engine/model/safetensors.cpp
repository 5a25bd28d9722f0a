#include "engine/model/safetensors.h"

#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstring>
#include <functional>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <tuple>

#include "engine/core/error.h"
#include "engine/util/atomic_file.h"
#include "engine/util/input_file.h"
#include "engine/util/json_scan.h"

namespace nnfs {
namespace {

using json = nlohmann::json;

using ReadAt = std::function<void(std::uint64_t offset, std::span<std::byte> dst)>;

constexpr std::size_t kLengthBytes = 8;  // the u64 header length that starts every file
constexpr std::size_t kF32Bytes = 4;
constexpr const char* kMetadataKey = "__metadata__";
constexpr int kMaxJsonDepth = 64;  // a valid header nests 3 levels
static_assert(sizeof(float) == kF32Bytes && std::numeric_limits<float>::is_iec559,
              "F32 tensors are stored as IEEE-754 binary32");

// Every dtype name the safetensors specification defines; anything else is "unknown".
const std::set<std::string>& known_dtypes() {
  static const std::set<std::string> names = {
      "BOOL", "U8",  "I8",   "F8_E5M2", "F8_E4M3", "F8_E8M0", "F4",  "F6_E2M3", "F6_E3M2", "I16",
      "U16",  "F16", "BF16", "I32",     "U32",     "F32",     "F64", "I64",     "U64",     "C64"};
  return names;
}

bool is_valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t len = c < 0x80           ? 1
                            : (c >> 5) == 0x6  ? 2
                            : (c >> 4) == 0xe  ? 3
                            : (c >> 3) == 0x1e ? 4
                                               : 0;
    if (len == 0 || i + len > s.size()) return false;
    for (std::size_t k = 1; k < len; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xc0) != 0x80) return false;
    i += len;
  }
  return true;
}

// Untrusted text made safe for a one-line message: control bytes (and every byte >= 0x80 unless
// the text is valid UTF-8) escaped as \xNN, length capped at a character boundary.
std::string printable(std::string_view s, std::size_t kMax = 80) {
  const bool utf8 = is_valid_utf8(s);
  std::size_t n = std::min(s.size(), kMax);
  if (utf8)
    while (n < s.size() && n > 0 && (static_cast<unsigned char>(s[n]) & 0xc0) == 0x80) --n;
  std::string out;
  for (std::size_t i = 0; i < n; ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == 0x7f || (c >= 0x80 && !utf8)) {
      static const char* hex = "0123456789abcdef";
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  if (n < s.size()) out += "...";
  return out;
}

std::string quote_name(std::string_view s) {
  std::string out(1, '\'');
  out += printable(s);
  out += '\'';
  return out;
}

std::string range_string(std::uint64_t begin, std::uint64_t end) {
  return "[" + std::to_string(begin) + ", " + std::to_string(end) + "]";
}

// ---- little-endian encoding -------------------------------------------------------------------

std::uint64_t read_u64_le(const std::byte* p) {
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | std::to_integer<std::uint64_t>(p[i]);
  return v;
}

void put_u64_le(std::byte* p, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) p[i] = static_cast<std::byte>((v >> (8 * i)) & 0xff);
}

// Copies n floats stored little-endian at src into dst, bit for bit (NaN payloads included).
void load_f32_le(float* dst, const std::byte* src, std::size_t n) {
  if constexpr (std::endian::native == std::endian::little) {
    if (n > 0) std::memcpy(dst, src, n * kF32Bytes);
  } else {
    for (std::size_t i = 0; i < n; ++i) {
      std::uint32_t u = 0;
      for (int b = 3; b >= 0; --b) u = (u << 8) | std::to_integer<std::uint32_t>(src[i * 4 + b]);
      dst[i] = std::bit_cast<float>(u);
    }
  }
}

// Hands the little-endian bytes of t to write, without a copy on little-endian machines.
void write_f32_le(const Tensor& t, const WriteChunk& write) {
  if constexpr (std::endian::native == std::endian::little) {
    write(std::as_bytes(std::span<const float>(t.data(), t.size())));
  } else {
    std::vector<std::byte> buf(t.size() * kF32Bytes);
    for (std::size_t i = 0; i < t.size(); ++i) {
      const auto u = std::bit_cast<std::uint32_t>(t[i]);
      for (int b = 0; b < 4; ++b) buf[i * 4 + b] = static_cast<std::byte>((u >> (8 * b)) & 0xff);
    }
    write(buf);
  }
}

// Fills t with its little-endian F32 values read at `offset`.
void read_f32_le(Tensor& t, std::uint64_t offset, const ReadAt& read_at) {
  const auto dst = std::as_writable_bytes(std::span<float>(t.data(), t.size()));
  read_at(offset, dst);
  if constexpr (std::endian::native != std::endian::little) {
    const std::vector<std::byte> raw(dst.begin(), dst.end());
    load_f32_le(t.data(), raw.data(), t.size());
  }
}

// Reads dst.size() bytes at `offset`; the file was checked to be that long when opened.
void read_exactly(const InputFile& file, const std::string& path, std::uint64_t offset, std::span<std::byte> dst) {
  std::size_t got = 0;
  while (got < dst.size()) {
    const ssize_t n = ::pread(file.fd(), dst.data() + got, dst.size() - got, static_cast<off_t>(offset + got));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw Error(path + ": cannot read: " + std::strerror(errno));
    if (n == 0) throw Error(path + ": byte " + std::to_string(offset + got) + ": the file shrank while being read");
    got += static_cast<std::size_t>(n);
  }
}

// The header length read from bytes 0-7, against the limit and the bytes that follow it.
void check_header_length(std::uint64_t header_size, std::uint64_t after_length, const std::string& source) {
  if (header_size > kSafetensorsMaxHeaderBytes)
    throw Error(source + ": byte 0: header length " + std::to_string(header_size) +
                " is larger than the limit of " + std::to_string(kSafetensorsMaxHeaderBytes) +
                " bytes (not a safetensors file?)");
  if (header_size > after_length)
    throw Error(source + ": byte 0: header length " + std::to_string(header_size) +
                " runs past the end of the file (only " + std::to_string(after_length) +
                " bytes follow)");
  if (header_size == 0)
    throw Error(source + ": byte 8: header length is 0, expected a JSON object");
}

// ---- writing ----------------------------------------------------------------------------------

// The JSON header, padded with spaces so that 8 + its length is a multiple of 8.
// `where` starts each error message (the path, or "safetensors").
std::string build_header(const SafetensorsFile& file, const std::string& where) {
  auto fail = [&](const std::string& what) { return Error(where + ": cannot save: " + what); };
  nlohmann::ordered_json header = nlohmann::ordered_json::object();
  if (!file.metadata.empty()) {
    auto& meta = header[kMetadataKey] = nlohmann::ordered_json::object();
    for (const auto& [key, value] : file.metadata) meta[key] = value;
  }
  std::set<std::string_view> names;
  std::uint64_t offset = 0;
  for (const NamedTensor& nt : file.tensors) {
    if (nt.name == kMetadataKey)
      throw fail("tensor name '__metadata__' is reserved for the metadata object");
    if (!names.insert(nt.name).second) throw fail("duplicate tensor name " + quote_name(nt.name));
    const Tensor& t = nt.tensor;
    if (t.rank() == 0)
      throw fail("tensor " + quote_name(nt.name) +
                 " has no shape; expected at least one dimension");
    if (t.size() != shape_size(t.shape()))
      throw fail("tensor " + quote_name(nt.name) + " holds " + std::to_string(t.size()) +
                 " values but its shape " + shape_to_string(t.shape()) + " needs " +
                 std::to_string(shape_size(t.shape())));
    const std::uint64_t end = offset + std::uint64_t{t.size()} * kF32Bytes;
    header[nt.name] = {{"dtype", "F32"}, {"shape", t.shape()}, {"data_offsets", {offset, end}}};
    offset = end;
  }
  std::string text;
  try {
    text = header.dump();
  } catch (const nlohmann::json::exception&) {
    throw fail("a tensor name or metadata string is not valid UTF-8");
  }
  text.append((8 - text.size() % 8) % 8, ' ');
  return text;
}

void write_all(const SafetensorsFile& file, const std::string& header, const WriteChunk& write) {
  std::byte length[kLengthBytes];
  put_u64_le(length, header.size());
  write(length);
  write(std::as_bytes(std::span<const char>(header.data(), header.size())));
  for (const NamedTensor& nt : file.tensors) write_f32_le(nt.tensor, write);
}

// ---- reading ----------------------------------------------------------------------------------

// One tensor entry of the header, after validation.
struct Entry {
  std::string name;
  Shape shape;
  std::uint64_t begin = 0, end = 0;  // relative to the data section
};

// nlohmann's parse_error text without its prefix and with the echoed input ("last read: ...")
// shortened and moved last, so that "expected ..." survives even after a long token:
//   "syntax error while parsing value - invalid literal; expected end of input; last read: '{} x'"
std::string describe_json_error(std::string what) {
  if (auto p = what.find("] "); p != std::string::npos) what.erase(0, p + 2);
  if (what.rfind("parse error", 0) == 0)
    if (auto p = what.find(": "); p != std::string::npos) what.erase(0, p + 2);
  const std::string marker = "; last read: ";
  const auto read_at = what.find(marker);
  if (read_at == std::string::npos) return printable(what, 200);
  std::string description = what.substr(0, read_at);
  std::string last_read = what.substr(read_at + marker.size());
  if (auto p = last_read.rfind("; expected "); p != std::string::npos) {
    description += last_read.substr(p);
    last_read.resize(p);
  }
  return printable(description, 200) + marker + printable(last_read, 40);
}

// Parses the header; a duplicate key (which JSON parsers silently merge) is an error too. The
// linear scan (engine/util/json_scan.h) runs first: nesting and duplicates are found without
// building anything, and a syntax error is left for json::parse to describe.
json parse_header(std::string_view text, std::size_t file_offset, const std::string& source) {
  const JsonScan scan = scan_json(text, {.max_depth = kMaxJsonDepth, .refuse_duplicate_keys = true});
  if (scan.stop == JsonScan::Stop::TooDeep)
    throw Error(source + ": byte " + std::to_string(file_offset) + ": header nests more than " +
                std::to_string(kMaxJsonDepth) + " levels deep");
  if (scan.stop == JsonScan::Stop::DuplicateKey)
    throw Error(source + ": " +
                (scan.duplicate_at_top ? "duplicate entry " + quote_name(scan.duplicate_key) + " in header"
                                       : "duplicate key " + quote_name(scan.duplicate_key) +
                                             " inside header entry " + quote_name(scan.top_key)));
  try {
    return json::parse(text.begin(), text.end());
  } catch (const json::parse_error& e) {
    // e.byte counts characters read, so the offending one is at e.byte - 1.
    const std::size_t at = file_offset + (e.byte > 0 ? e.byte - 1 : 0);
    throw Error(source + ": byte " + std::to_string(at) +
                ": header is not valid JSON: " + describe_json_error(e.what()));
  } catch (const json::exception& e) {  // out_of_range: a number beyond double, e.g. 1E400
    throw Error(source + ": byte " + std::to_string(file_offset) +
                ": header is not valid JSON: " + describe_json_error(e.what()));
  }
}

std::string json_kind(const json& v) {
  if (v.is_number_integer() && !v.is_number_unsigned()) return "negative number " + v.dump();
  if (v.is_number_float()) return "non-integer number " + v.dump();
  return std::string(v.type_name());
}

std::map<std::string, std::string> read_metadata(const json& meta, const std::string& source) {
  if (!meta.is_object())
    throw Error(source + ": \"__metadata__\" is " + std::string(meta.type_name()) +
                ", expected an object of string values");
  std::map<std::string, std::string> out;
  for (const auto& [key, value] : meta.items()) {
    if (!value.is_string())
      throw Error(source + ": \"__metadata__\" key " + quote_name(key) + " holds " +
                  std::string(value.type_name()) + ", expected a string");
    out.emplace(key, value.get<std::string>());
  }
  return out;
}

// Sorted, comma-separated dtype names of all tensor entries, for the unsupported-dtype message.
std::string dtypes_in(const json& root) {
  std::set<std::string> found;
  for (const auto& [name, entry] : root.items()) {
    if (name == kMetadataKey || !entry.is_object()) continue;
    auto it = entry.find("dtype");
    if (it != entry.end() && it->is_string()) found.insert(printable(it->get<std::string>()));
  }
  std::string out;
  for (const auto& d : found) out += (out.empty() ? "" : ", ") + d;
  return out;
}

Entry read_entry(const std::string& name, const json& info, const json& root,
                 std::uint64_t data_size, const std::string& source) {
  const std::string where = source + ": tensor " + quote_name(name) + ": ";
  if (!info.is_object())
    throw Error(where + "entry is " + std::string(info.type_name()) +
                ", expected an object with dtype, shape and data_offsets");
  for (const auto& [key, _] : info.items())
    if (key != "dtype" && key != "shape" && key != "data_offsets")
      throw Error(where + "unexpected key " + quote_name(key) +
                  " (expected only dtype, shape and data_offsets)");
  for (const char* key : {"dtype", "shape", "data_offsets"})
    if (!info.contains(key)) throw Error(where + "missing \"" + key + "\"");

  const json& dtype = info["dtype"];
  if (!dtype.is_string())
    throw Error(where + "dtype is " + std::string(dtype.type_name()) + ", expected a string");
  const std::string& d = dtype.get_ref<const std::string&>();
  if (d != "F32") {
    const std::string kind = known_dtypes().count(d) ? "unsupported dtype " : "unknown dtype ";
    throw Error(where + kind + quote_name(d) +
                "; only F32 is supported (dtypes in this file: " + dtypes_in(root) + ")");
  }

  Entry e;
  e.name = name;
  const json& shape = info["shape"];
  if (!shape.is_array())
    throw Error(where + "shape is " + std::string(shape.type_name()) +
                ", expected a list of non-negative integers");
  if (shape.empty())
    throw Error(where + "shape [] (a scalar) is not supported; expected at least one dimension");
  std::uint64_t count = 1;
  bool overflow = false;
  for (std::size_t i = 0; i < shape.size(); ++i) {
    const json& dim = shape[i];
    if (!dim.is_number_unsigned())
      throw Error(where + "shape[" + std::to_string(i) + "] is " + json_kind(dim) +
                  ", expected a non-negative integer");
    const std::uint64_t n = dim.get<std::uint64_t>();
    e.shape.push_back(static_cast<std::size_t>(n));
    if (n != 0 && count > UINT64_MAX / kF32Bytes / n) overflow = true;
    count *= n;  // if this wrapped, overflow is set (unless a later dimension is 0)
  }
  // Any zero dimension makes the product 0 regardless of the others.
  if (std::find(e.shape.begin(), e.shape.end(), std::size_t{0}) != e.shape.end()) {
    count = 0;
    overflow = false;
  }
  if (overflow)
    throw Error(where + "shape " + shape.dump() +
                " has too many elements (the byte size overflows 64 bits)");

  const json& offsets = info["data_offsets"];
  if (!offsets.is_array() || offsets.size() != 2)
    throw Error(where + "data_offsets is " + printable(offsets.dump()) + ", expected [begin, end]");
  for (std::size_t i = 0; i < 2; ++i)
    if (!offsets[i].is_number_unsigned())
      throw Error(where + "data_offsets[" + std::to_string(i) + "] is " + json_kind(offsets[i]) +
                  ", expected a non-negative integer");
  e.begin = offsets[0].get<std::uint64_t>();
  e.end = offsets[1].get<std::uint64_t>();
  if (e.begin > e.end)
    throw Error(where + "data_offsets " + range_string(e.begin, e.end) + " has begin after end");
  if (e.end > data_size)
    throw Error(where + "data_offsets " + range_string(e.begin, e.end) +
                " run past the end of the data section (" + std::to_string(data_size) + " bytes)");
  const std::uint64_t need = count * kF32Bytes;
  if (e.end - e.begin != need)
    throw Error(where + "data_offsets " + range_string(e.begin, e.end) + " span " +
                std::to_string(e.end - e.begin) + " bytes, but shape " + shape.dump() +
                " of F32 needs " + std::to_string(need) + " bytes");
  return e;
}

// The tensors must tile the data section exactly: no overlaps, no unused bytes.
void check_coverage(std::vector<Entry>& entries, std::uint64_t data_size, std::uint64_t data_start,
                    const std::string& source) {
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    return std::tie(a.begin, a.end, a.name) < std::tie(b.begin, b.end, b.name);
  });
  auto unused = [&](std::uint64_t from, std::uint64_t to) {
    return Error(source + ": data bytes [" + std::to_string(from) + ", " + std::to_string(to) +
                 ") (file bytes " + std::to_string(data_start + from) + " to " +
                 std::to_string(data_start + to - 1) +
                 ") are not used by any tensor; the data section must be fully indexed");
  };
  std::uint64_t cursor = 0;
  const Entry* last = nullptr;  // the entry that ends at cursor
  for (const Entry& e : entries) {
    if (e.begin < cursor)
      throw Error(source + ": tensors " + quote_name(last->name) + " (data_offsets " +
                  range_string(last->begin, last->end) + ") and " + quote_name(e.name) +
                  " (data_offsets " + range_string(e.begin, e.end) + ") overlap");
    if (e.begin > cursor) throw unused(cursor, e.begin);
    cursor = e.end;
    last = &e;
  }
  if (cursor < data_size) throw unused(cursor, data_size);
}

// The 8-byte length, then the header (checked against the file size first), then the data section
// straight into the tensors: nothing is read before what precedes it has been validated, and
// nothing is held twice. `read_at(offset, dst)` fills dst from the file.
SafetensorsFile read_safetensors(std::uint64_t file_size, const std::string& source, const ReadAt& read_at) {
  if (file_size < kLengthBytes)
    throw Error(source + ": file is " + std::to_string(file_size) +
                " bytes, too short for the 8-byte header length that starts a safetensors file");
  std::byte length[kLengthBytes];
  read_at(0, length);
  const std::uint64_t header_size = read_u64_le(length);
  check_header_length(header_size, file_size - kLengthBytes, source);
  std::string text(static_cast<std::size_t>(header_size), '\0');
  read_at(kLengthBytes, std::as_writable_bytes(std::span<char>(text)));
  if (text[0] != '{')
    throw Error(source + ": byte 8: header must be a JSON object starting with '{', found " +
                quote_name(std::string_view(text).substr(0, 1)));
  const json root = parse_header(text, kLengthBytes, source);
  if (!root.is_object())
    throw Error(source + ": byte 8: header is " + std::string(root.type_name()) +
                ", expected a JSON object");

  const std::uint64_t data_start = kLengthBytes + header_size;
  const std::uint64_t data_size = file_size - data_start;
  SafetensorsFile file;
  std::vector<Entry> entries;
  for (const auto& [name, value] : root.items()) {
    if (name == kMetadataKey)
      file.metadata = read_metadata(value, source);
    else
      entries.push_back(read_entry(name, value, root, data_size, source));
  }
  check_coverage(entries, data_size, data_start, source);

  // Everything is checked: each tensor's bytes lie inside the file and match its shape.
  file.tensors.reserve(entries.size());
  for (Entry& e : entries) {
    Tensor t(std::move(e.shape));
    read_f32_le(t, data_start + e.begin, read_at);
    file.tensors.push_back({std::move(e.name), std::move(t)});
  }
  return file;
}

}  // namespace

const Tensor* SafetensorsFile::find(const std::string& name) const {
  for (const NamedTensor& nt : tensors)
    if (nt.name == name) return &nt.tensor;
  return nullptr;
}

std::vector<std::byte> serialize_safetensors(const SafetensorsFile& file) {
  const std::string header = build_header(file, "safetensors");
  std::size_t total = kLengthBytes + header.size();
  for (const NamedTensor& nt : file.tensors) total += nt.tensor.size() * kF32Bytes;
  std::vector<std::byte> out(total);
  std::size_t at = 0;
  write_all(file, header, [&](std::span<const std::byte> chunk) {
    if (!chunk.empty()) std::memcpy(out.data() + at, chunk.data(), chunk.size());
    at += chunk.size();
  });
  return out;
}

void save_safetensors(const std::string& path, const SafetensorsFile& file) {
  const std::string header = build_header(file, path);
  write_file_atomically(path, [&](const WriteChunk& write) { write_all(file, header, write); });
}

SafetensorsFile parse_safetensors(std::span<const std::byte> bytes, const std::string& source) {
  return read_safetensors(bytes.size(), source, [&](std::uint64_t offset, std::span<std::byte> dst) {
    if (!dst.empty()) std::memcpy(dst.data(), bytes.data() + offset, dst.size());
  });
}

SafetensorsFile load_safetensors(const std::string& path, std::uint64_t max_file_bytes) {
  const InputFile file = open_input_file(path);  // refuses FIFOs, devices, directories
  if (file.size() > max_file_bytes)
    throw Error(path + ": file is " + std::to_string(file.size()) + " bytes, more than the limit of " +
                std::to_string(max_file_bytes) + " bytes");
  // Each piece is read only once the ones before it were checked: a bad header length is
  // reported after reading 8 bytes, a bad header before a byte of the data is read.
  return read_safetensors(file.size(), path, [&](std::uint64_t offset, std::span<std::byte> dst) {
    read_exactly(file, path, offset, dst);
  });
}

}  // namespace nnfs
