// How a limit on a whole number reads in a message, in one place for every reader of settings:
//   "'epochs' must be an integer from 1 to 1000000, found 0"
// The bounds are printed as the integers they are (never as a double's 309 digits), and the
// value found is quoted as given, cut short and made printable when it is long or odd.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace nnfs {

// A value from the input as a message quotes it: printable (engine/core/error.h), and cut after
// 40 characters with "...".
std::string shown_value(std::string_view text);

// "'NAME' must be an integer from LO to HI, found FOUND"
std::string integer_range_message(std::string_view name, std::uint64_t lo, std::uint64_t hi,
                                  std::string_view found);

}  // namespace nnfs
