#include <catch2/catch.hpp>

#include "engine/core/error.h"

using namespace nnfs;

TEST_CASE("printable: control characters are escaped, other bytes kept", "[core]") {
  CHECK(printable("dense:64") == "dense:64");
  CHECK(printable("a\nb\r\tc") == "a\\nb\\r\\tc");
  CHECK(printable(std::string_view("x\0y\x1b\x7f", 5)) == "x\\x00y\\x1b\\x7f");
  CHECK(printable("T-shirt/top \xc3\xa9") == "T-shirt/top \xc3\xa9");  // UTF-8 passes through
  CHECK(printable("").empty());
}
