#include "engine/util/range_text.h"

#include "engine/core/error.h"

namespace nnfs {

std::string shown_value(std::string_view text) {
  constexpr std::size_t kMaxShown = 40;
  return printable(text.substr(0, kMaxShown)) + (text.size() > kMaxShown ? "..." : "");
}

std::string integer_range_message(std::string_view name, std::uint64_t lo, std::uint64_t hi,
                                  std::string_view found) {
  std::string message = "'";  // appended piece by piece: GCC 12 warns (-Wrestrict) on "'" + string
  message.append(name);
  message += "' must be an integer from " + std::to_string(lo) + " to " + std::to_string(hi) + ", found " +
             shown_value(found);
  return message;
}

}  // namespace nnfs
