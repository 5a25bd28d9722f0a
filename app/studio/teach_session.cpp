#include "app/studio/teach_session.h"

#include <cmath>
#include <cstdio>
#include <utility>

#include "engine/core/error.h"

namespace nnfs::studio {

namespace {
// "75.00% (9/12)": the accuracy of `count` samples and how many that is (accuracy = right/count
// exactly, so the rounding gives back the count right).
std::string score_text(double accuracy, std::size_t count) {
  if (accuracy < 0.0) return "–";
  char buf[64];
  const auto right = static_cast<unsigned long long>(std::llround(accuracy * static_cast<double>(count)));
  std::snprintf(buf, sizeof buf, "%.2f%% (%llu/%zu)", 100.0 * accuracy, right, count);
  return buf;
}

// Percentage points, signed; "±0.00 points" when the rounding hides the change.
std::string change(double before, double after) {
  if (before < 0.0 || after < 0.0) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%+.2f", 100.0 * (after - before));
  const std::string points = buf;
  return (points == "+0.00" || points == "-0.00" ? "±0.00" : points) + " points";
}
}  // namespace

std::vector<TeachRow> teach_rows(const TeachScore& before, const TeachScore& after, std::size_t held_out,
                                 std::size_t test_images) {
  return {{"Your held-out digits", score_text(before.mine, held_out), score_text(after.mine, held_out),
           change(before.mine, after.mine)},
          {"MNIST test set", score_text(before.mnist, test_images), score_text(after.mnist, test_images),
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
