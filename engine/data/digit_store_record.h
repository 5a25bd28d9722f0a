// The lines of a My-digits index (digit_store.h): formatting and parsing, one record per line.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "engine/data/digit_store.h"

namespace nnfs {

inline constexpr std::string_view kDigitStoreHeader = "nnfs-my-digits 1";

enum class RecordKind : std::uint8_t { Relabel, Remove, Restore };
struct ChangeRecord {
  RecordKind kind = RecordKind::Remove;
  std::uint64_t id = 0;
  int label = 0;  // Relabel only
};
using StoreRecord = std::variant<StoredDigit, ChangeRecord>;

std::string format_add(const StoredDigit& d);  // with the newline
std::string format_change(const ChangeRecord& c);
// Throws nnfs::Error with the reason (no file or line: the caller adds them).
StoreRecord parse_record(std::string_view line);

}  // namespace nnfs
