// Progress snapshots: the JSON of one epoch, as `nnfs train --log-json` writes it.
#include <catch2/catch.hpp>

#include "engine/train/progress.h"

using namespace nnfs;

TEST_CASE("progress: an epoch as JSON has exactly the documented keys", "[train]") {
  EpochResult r;
  r.epoch = 3;
  r.train_loss = 0.25;
  r.train_acc = 0.9;
  r.test_loss = 0.5;
  r.test_acc = 0.8;
  r.seconds = 1.5;
  r.samples_per_second = 40000.0;
  r.regularization_loss = 0.01;
  const nlohmann::json j = r.to_json();
  CHECK(j.size() == 6);
  CHECK(j["epoch"] == 3);
  CHECK(j["train_loss"] == 0.25);
  CHECK(j["train_acc"] == 0.9);
  CHECK(j["test_loss"] == 0.5);
  CHECK(j["test_acc"] == 0.8);
  CHECK(j["seconds"] == 1.5);
  // One line when dumped, as a JSON-lines log needs.
  CHECK(j.dump().find('\n') == std::string::npos);
}

TEST_CASE("progress: missing test results are null, not zero", "[train]") {
  EpochResult r;
  r.epoch = 1;
  const nlohmann::json j = r.to_json();
  REQUIRE(j.contains("test_loss"));
  REQUIRE(j.contains("test_acc"));
  CHECK(j["test_loss"].is_null());
  CHECK(j["test_acc"].is_null());
  CHECK(j["epoch"] == 1);
}
