// nnfs-studio's command line (app/studio/options.cpp): the playground's automation flags.
#include <catch2/catch.hpp>

#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "app/studio/options.h"

using nnfs::studio::Options;
using nnfs::studio::parse_options;

namespace {

struct Parsed {
  std::optional<int> exit;
  Options options;
  std::string err;  // what CLI11 printed for a refused command line
};

Parsed parse(std::vector<std::string> args) {
  args.insert(args.begin(), "nnfs-studio");
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  Parsed p;
  std::ostringstream err;
  std::streambuf* const saved = std::cerr.rdbuf(err.rdbuf());
  p.exit = parse_options(static_cast<int>(argv.size()), argv.data(), p.options);
  std::cerr.rdbuf(saved);
  p.err = err.str();
  return p;
}

}  // namespace

TEST_CASE("studio options: --playground SET opens that set, --play starts it", "[options][playground]") {
  const Parsed set = parse({"--playground", "spiral"});
  REQUIRE_FALSE(set.exit);
  CHECK(set.options.playground == "spiral");
  CHECK_FALSE(set.options.play);
  const Parsed play = parse({"--playground", "xor", "--play"});
  REQUIRE_FALSE(play.exit);
  CHECK(play.options.playground == "xor");
  CHECK(play.options.play);
}

TEST_CASE("studio options: an unknown playground set and --play alone are usage errors", "[options][playground]") {
  const Parsed unknown = parse({"--playground", "spirals"});
  CHECK(unknown.exit == 2);
  CHECK_THAT(unknown.err, Catch::Contains("spirals") && Catch::Contains("spiral,vertical,sine,circles,xor,moons"));
  const Parsed alone = parse({"--play"});
  CHECK(alone.exit == 2);
  CHECK_THAT(alone.err, Catch::Contains("--play requires --playground"));
}
