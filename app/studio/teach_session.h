// "Teach the model my digits": the studio's record of one teaching run — the model from before
// (for Undo), its scores before, and the scores after — and the before → after rows the result
// panel shows. The run itself is an ordinary BackgroundTrainer run (training_controller.h); the
// scores come from evaluations on the held-out fifth of My digits and on the MNIST test set.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/model/model.h"

namespace nnfs::studio {

// Accuracies in [0, 1] on the held-out digits (`mine`) and the MNIST test set; < 0: not known.
struct TeachScore {
  double mine = -1.0, mnist = -1.0;
};

// One line of the result panel: "Your held-out digits", "75.00% (9/12)", "100.00% (12/12)",
// "+25.00 points" — two decimals, as `nnfs evaluate` prints an accuracy; "–" when not known.
struct TeachRow {
  std::string what, before, after, change;
};
std::vector<TeachRow> teach_rows(const TeachScore& before, const TeachScore& after, std::size_t held_out,
                                 std::size_t test_images);

class TeachSession {
 public:
  enum class Phase { Idle, Teaching, Done, Undone };

  // A run starts from `before` (the open model), which scored `score`. Throws nnfs::Error while
  // another teaching run is under way.
  void start(std::shared_ptr<const Model> before, const TeachScore& score);
  // The run ended and the taught model scored `score`: Teaching → Done.
  void finish(const TeachScore& score);
  // The run ended without a result (stopped, failed): back to Idle, nothing to undo.
  void abandon();
  // Done → Undone: returns the model from before, to become the open model again. Throws
  // nnfs::Error when there is nothing to undo.
  std::shared_ptr<const Model> undo();

  Phase phase() const { return phase_; }
  const TeachScore& before() const { return before_score_; }
  const TeachScore& after() const { return after_score_; }

 private:
  Phase phase_ = Phase::Idle;
  std::shared_ptr<const Model> before_;
  TeachScore before_score_, after_score_;
};

}  // namespace nnfs::studio
