#include "app/studio/teach_session.h"

#include <cstdio>
#include <utility>

#include "engine/core/error.h"

namespace nnfs::studio {

namespace {
std::string percent(double accuracy) {
  if (accuracy < 0.0) return "–";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", 100.0 * accuracy);
  return buf;
}

// Percentage points, signed; "±0.0 points" when the rounding hides the change.
std::string change(double before, double after) {
  if (before < 0.0 || after < 0.0) return "";
  char buf[32];
  const double points = 100.0 * (after - before);
  if (std::snprintf(buf, sizeof buf, "%+.1f", points) > 0 && (std::string(buf) == "+0.0" || std::string(buf) == "-0.0"))
    return "±0.0 points";
  return std::string(buf) + " points";
}
}  // namespace

std::vector<TeachRow> teach_rows(const TeachScore& before, const TeachScore& after, std::size_t held_out,
                                 std::size_t test_images) {
  return {{"Your held-out digits (" + std::to_string(held_out) + ")", percent(before.mine), percent(after.mine),
           change(before.mine, after.mine)},
          {"MNIST test set (" + std::to_string(test_images) + ")", percent(before.mnist), percent(after.mnist),
           change(before.mnist, after.mnist)}};
}

void TeachSession::start(std::shared_ptr<const Model> before, const TeachScore& score) {
  if (phase_ == Phase::Teaching) throw Error("the model is being taught already: stop that run first");
  if (!before) throw Error("no model is open: open or train one before teaching it your digits");
  before_ = std::move(before);
  before_score_ = score;
  after_score_ = {};
  phase_ = Phase::Teaching;
}

void TeachSession::finish(const TeachScore& score) {
  if (phase_ != Phase::Teaching) throw Error("no teaching run is under way");
  after_score_ = score;
  phase_ = Phase::Done;
}

void TeachSession::abandon() {
  before_.reset();
  before_score_ = after_score_ = {};
  phase_ = Phase::Idle;
}

std::shared_ptr<const Model> TeachSession::undo() {
  if (phase_ != Phase::Done || !before_) throw Error("nothing to undo: no teaching run has finished");
  phase_ = Phase::Undone;
  return std::exchange(before_, nullptr);
}

}  // namespace nnfs::studio
