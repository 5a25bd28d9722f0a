#include "engine/util/range_text.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <limits>
#include <string>

TEST_CASE("integer_range_message prints the bounds as integers and the value found", "[util]") {
  CHECK(nnfs::integer_range_message("epochs", 1, 1'000'000, "0") ==
        "'epochs' must be an integer from 1 to 1000000, found 0");
  CHECK(nnfs::integer_range_message("seed", 0, std::numeric_limits<std::uint64_t>::max(), "-1") ==
        "'seed' must be an integer from 0 to 18446744073709551615, found -1");
  // A long or odd value is cut short and escaped: the message stays one short line.
  CHECK(nnfs::integer_range_message("batch", 1, 16, std::string(100, '9')) ==
        "'batch' must be an integer from 1 to 16, found " + std::string(40, '9') + "...");
  CHECK(nnfs::integer_range_message("threads", 0, 4096, std::string("4\n\0", 3)) ==
        "'threads' must be an integer from 0 to 4096, found 4\\n\\x00");
}
