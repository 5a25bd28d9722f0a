#include "engine/util/json_scan.h"

#include <catch2/catch.hpp>
#include <string>

using nnfs::JsonScan;
using nnfs::scan_json;

TEST_CASE("scan_json measures nesting and stops at the depth limit", "[util][json]") {
  CHECK(scan_json("[[[1]]]", {.max_depth = 3}).stop == JsonScan::Stop::None);
  CHECK(scan_json("[[[[1]]]]", {.max_depth = 3}).stop == JsonScan::Stop::TooDeep);
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  CHECK(scan_json(deep).stop == JsonScan::Stop::TooDeep);
}

TEST_CASE("scan_json counts the items of the outermost container and stops past the limit", "[util][json]") {
  const JsonScan ok = scan_json(R"([{"a":[1,2,3]}, 2, "x", null])", {.max_top_level_items = 4});
  CHECK(ok.stop == JsonScan::Stop::None);
  CHECK(ok.top_level_items == 4);
  const JsonScan over = scan_json("[1,2,3,4,5,6]", {.max_top_level_items = 4});
  CHECK(over.stop == JsonScan::Stop::TooManyItems);
  CHECK(over.top_level_items == 5);  // stopped at the first item past the limit
  CHECK(scan_json(R"({"a":1,"b":2})", {.max_top_level_items = 1}).stop == JsonScan::Stop::TooManyItems);
}

TEST_CASE("scan_json finds a repeated key only when asked to", "[util][json]") {
  const std::string text = R"({"w":{"dtype":"F32","dtype":"F16"}})";
  CHECK(scan_json(text).stop == JsonScan::Stop::None);
  const JsonScan inner = scan_json(text, {.refuse_duplicate_keys = true});
  CHECK(inner.stop == JsonScan::Stop::DuplicateKey);
  CHECK(inner.duplicate_key == "dtype");
  CHECK(inner.top_key == "w");
  CHECK_FALSE(inner.duplicate_at_top);
  const JsonScan top = scan_json(R"({"w":1,"v":2,"w":3})", {.refuse_duplicate_keys = true});
  CHECK(top.stop == JsonScan::Stop::DuplicateKey);
  CHECK(top.duplicate_at_top);
  // The same key in two different objects is not a repeat.
  CHECK(scan_json(R"({"a":{"k":1},"b":{"k":2}})", {.refuse_duplicate_keys = true}).stop == JsonScan::Stop::None);
}

TEST_CASE("scan_json leaves syntax errors to the parser", "[util][json]") {
  CHECK(scan_json("[1,").stop == JsonScan::Stop::Syntax);
  CHECK(scan_json("{\"a\" 1}").stop == JsonScan::Stop::Syntax);
  CHECK(scan_json("1e400").stop == JsonScan::Stop::Syntax);  // beyond double
}

TEST_CASE("scan_json is linear: a list of 200,000 objects is scanned in one pass", "[util][json]") {
  std::string text = "[";
  for (int i = 0; i < 200000; ++i) text += i ? R"(,{"type":"relu"})" : R"({"type":"relu"})";
  text += "]";
  const JsonScan scan = scan_json(text);
  CHECK(scan.stop == JsonScan::Stop::None);
  CHECK(scan.top_level_items == 200000);
}
