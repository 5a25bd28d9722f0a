// A CLI11 check for an option that takes a whole number of at least `lo`. CLI11's PositiveNumber
// prints its range as doubles ("Value 0 not in range 0.000000 to 1797…", 309 digits); this one
// says what to type, in integers:
//   "--epochs: must be a whole number of at least 1, found 0"
#pragma once

#include <CLI/CLI.hpp>
#include <charconv>
#include <string>

#include "engine/util/range_text.h"

namespace nnfs::cli {

inline CLI::Validator whole_number_at_least(unsigned long long lo) {
  return CLI::Validator(
      [lo](std::string& text) -> std::string {
        unsigned long long value = 0;
        const char* end = text.data() + text.size();
        const auto [stop, ec] = std::from_chars(text.data(), end, value);
        if (ec == std::errc{} && stop == end && value >= lo) return "";
        return "must be a whole number of at least " + std::to_string(lo) + ", found " + shown_value(text);
      },
      "INT>=" + std::to_string(lo));
}

}  // namespace nnfs::cli
