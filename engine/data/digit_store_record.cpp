#include "engine/data/digit_store_record.h"

#include <charconv>
#include <cstdio>
#include <vector>

#include "engine/core/error.h"

namespace nnfs {
namespace {

std::vector<std::string_view> split_spaces(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < line.size()) {
    const std::size_t end = std::min(line.find(' ', i), line.size());
    out.push_back(line.substr(i, end - i));
    i = end + 1;
  }
  return out;
}

template <typename T>
T parse_number(std::string_view text, const char* what) {
  T value{};
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || text.empty())
    throw Error(std::string(what) + " '" + std::string(text.substr(0, 24)) + "' is not a number");
  return value;
}

int parse_label(std::string_view text) {
  const int label = parse_number<int>(text, "label");
  if (label < 0 || label > 9) throw Error("label " + std::to_string(label) + " is not 0-9");
  return label;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

StoredDigit parse_add(const std::vector<std::string_view>& f) {
  if (f.size() != 8) throw Error("an add record has 8 fields, found " + std::to_string(f.size()));
  StoredDigit d;
  d.id = parse_number<std::uint64_t>(f[1], "id");
  d.file = std::string(f[2]);
  if (d.file.empty() || d.file.find('/') != std::string::npos || d.file.starts_with("."))
    throw Error("'" + d.file.substr(0, 40) + "' is not a file name in the store");
  d.label = parse_label(f[3]);
  d.time = parse_number<std::int64_t>(f[4], "time");
  d.predicted = parse_number<int>(f[5], "prediction");
  if (d.predicted < -1 || d.predicted > 9) throw Error("prediction " + std::to_string(d.predicted) + " is not -1..9");
  d.confidence = parse_number<float>(f[6], "confidence");
  if (!(d.confidence >= 0.0f && d.confidence <= 1.0f)) throw Error("confidence is not in 0..1");
  if (f[7].size() != 2 * kDigitViewPixels)
    throw Error("the 28x28 view has " + std::to_string(f[7].size()) + " hex digits, expected 1568");
  for (std::size_t i = 0; i < kDigitViewPixels; ++i) {
    const int hi = hex_value(f[7][2 * i]), lo = hex_value(f[7][2 * i + 1]);
    if (hi < 0 || lo < 0) throw Error("the 28x28 view holds a character that is not a lowercase hex digit");
    d.view[i] = static_cast<std::uint8_t>(hi * 16 + lo);
  }
  return d;
}

}  // namespace

std::string format_add(const StoredDigit& d) {
  static constexpr char kHex[] = "0123456789abcdef";
  char conf[32];
  std::snprintf(conf, sizeof conf, "%.4f", static_cast<double>(d.confidence));
  std::string line = "add " + std::to_string(d.id) + " " + d.file + " " + std::to_string(d.label) + " " +
                     std::to_string(d.time) + " " + std::to_string(d.predicted) + " " + conf + " ";
  for (const std::uint8_t p : d.view) {
    line += kHex[p >> 4];
    line += kHex[p & 15];
  }
  return line + "\n";
}

std::string format_change(const ChangeRecord& c) {
  switch (c.kind) {
    case RecordKind::Relabel: return "relabel " + std::to_string(c.id) + " " + std::to_string(c.label) + "\n";
    case RecordKind::Remove: return "remove " + std::to_string(c.id) + "\n";
    case RecordKind::Restore: return "restore " + std::to_string(c.id) + "\n";
  }
  return {};
}

StoreRecord parse_record(std::string_view line) {
  const std::vector<std::string_view> f = split_spaces(line);
  if (f.empty() || f[0].empty()) throw Error("empty record");
  if (f[0] == "add") return parse_add(f);
  ChangeRecord c;
  if (f[0] == "relabel") {
    if (f.size() != 3) throw Error("a relabel record has 3 fields, found " + std::to_string(f.size()));
    c.kind = RecordKind::Relabel;
    c.label = parse_label(f[2]);
  } else if (f[0] == "remove" || f[0] == "restore") {
    if (f.size() != 2) throw Error("a " + std::string(f[0]) + " record has 2 fields, found " + std::to_string(f.size()));
    c.kind = f[0] == "remove" ? RecordKind::Remove : RecordKind::Restore;
  } else {
    throw Error("unknown record '" + std::string(f[0].substr(0, 20)) + "' (add, relabel, remove or restore expected)");
  }
  c.id = parse_number<std::uint64_t>(f[1], "id");
  return c;
}

}  // namespace nnfs
