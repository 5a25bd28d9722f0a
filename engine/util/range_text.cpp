#include "engine/util/range_text.h"

#include "engine/core/error.h"

namespace nnfs {

std::string integer_range_message(std::string_view name, std::uint64_t lo, std::uint64_t hi,
                                  std::string_view found) {
  constexpr std::size_t kMaxShown = 40;
  std::string shown = printable(found.substr(0, kMaxShown));
  if (found.size() > kMaxShown) shown += "...";
  return "'" + std::string(name) + "' must be an integer from " + std::to_string(lo) + " to " +
         std::to_string(hi) + ", found " + shown;
}

}  // namespace nnfs
