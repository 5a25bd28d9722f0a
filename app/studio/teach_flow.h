// "Teach the model my digits": fine-tunes the open model on the training data the studio has open
// (MNIST) mixed with My digits — a quarter of every batch, augmented — holding out a stratified
// fifth of the digits for an honest score, and shows before → after with Undo.
//
//   request_teach   reads My digits and scores the open model on the held-out digits and the MNIST
//                   test set on a BackgroundJob thread (teach_plan.h), never on the UI thread;
//   poll_teach      then starts the run on the BackgroundTrainer from the model's weights with the
//                   engine's fine-tuning recipe (what `nnfs train --init --extra` does), as the
//                   Training tab's run (pause, stop, save, the run library); when it has ended
//                   (finished, stopped or failed) scores the taught model the same way, and records
//                   both in the TeachSession;
//   undo_teach      puts the model from before back.
// Events: teach_started {held_out, held_out_ids, taught, test_images, share, epochs, before},
// teach_result {state, before, after, held_out, test_images, rows}, teach_undone {model}; scores
// are {mine, mnist} accuracies (null: not known).
#pragma once

#include <string>

#include "app/studio/app_state.h"

namespace nnfs::studio {

// Why teaching cannot start now, in one line ("" when it can): no model, a model that cannot read
// drawings, a run or a teaching under way, My digits closed or short of digits, no data open.
std::string teach_blocker(const AppState& s);
// The button. A blocked request is an error in the dialog.
void request_teach(AppState& s);
// Once per frame, after poll_training.
void poll_teach(AppState& s);
// The model from before the last teaching becomes the open model again (an error in the dialog
// while training runs or when there is nothing to undo).
void undo_teach(AppState& s);

}  // namespace nnfs::studio
