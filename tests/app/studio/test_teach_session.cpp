// Teaching the model my digits: the session's phases, Undo giving back the model from before,
// and the before → after rows.
#include <catch2/catch.hpp>
#include <memory>

#include "app/studio/teach_session.h"
#include "engine/core/error.h"

using namespace nnfs::studio;

TEST_CASE("A teaching run records before and after, and Undo returns the model from before", "[studio][teach]") {
  TeachSession t;
  CHECK(t.phase() == TeachSession::Phase::Idle);
  CHECK_THROWS_WITH(t.undo(), "nothing to undo: no teaching run has finished");
  CHECK_THROWS_WITH(t.finish({}), "no teaching run is under way");
  CHECK_THROWS_WITH(t.start(nullptr, {}), "no model is open: open or train one before teaching it your digits");

  auto before = std::make_shared<const nnfs::Model>();
  t.start(before, {0.8, 0.979});
  CHECK(t.phase() == TeachSession::Phase::Teaching);
  CHECK_THROWS_WITH(t.start(before, {}), "the model is being taught already: stop that run first");
  t.finish({0.975, 0.977});
  CHECK(t.phase() == TeachSession::Phase::Done);
  CHECK(t.before().mine == 0.8);
  CHECK(t.after().mnist == 0.977);
  CHECK(t.undo() == before);
  CHECK(t.phase() == TeachSession::Phase::Undone);
  CHECK_THROWS(t.undo());  // once only
}

TEST_CASE("A stopped teaching run leaves nothing to undo", "[studio][teach]") {
  TeachSession t;
  t.start(std::make_shared<const nnfs::Model>(), {0.5, 0.9});
  t.abandon();
  CHECK(t.phase() == TeachSession::Phase::Idle);
  CHECK_THROWS(t.undo());
  t.start(std::make_shared<const nnfs::Model>(), {0.5, 0.9});  // a new run may start
  CHECK(t.phase() == TeachSession::Phase::Teaching);
}

TEST_CASE("The before and after rows show accuracies with counts and the change in points", "[studio][teach]") {
  const auto rows = teach_rows({0.75, 0.9791}, {1.0, 0.979}, 4, 10000);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].what == "Your held-out digits");
  CHECK(rows[0].before == "75.00% (3/4)");
  CHECK(rows[0].after == "100.00% (4/4)");
  CHECK(rows[0].change == "+25.00 points");
  CHECK(rows[1].what == "MNIST test set");
  CHECK(rows[1].before == "97.91% (9791/10000)");
  CHECK(rows[1].change == "-0.01 points");
  CHECK(teach_rows({0.5, 0.97904}, {0.5, 0.97901}, 2, 100000)[1].change == "±0.00 points");
  const auto unknown = teach_rows({-1.0, 0.9}, {0.5, 0.85}, 2, 20);
  CHECK(unknown[0].before == "–");
  CHECK(unknown[0].after == "50.00% (1/2)");
  CHECK(unknown[0].change.empty());
  CHECK(unknown[1].change == "-5.00 points");
}
