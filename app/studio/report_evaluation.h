// The evaluation report of an opened model: when no training has produced one but a model is
// open and a dataset is loaded, the model is evaluated on the test split in the background
// (DatasetDoc::evaluating, evaluate_report) and the result becomes s.training.report, so the
// Mistakes and Confusion tabs work for any model, not only one trained in this session.
#pragma once

#include "app/studio/app_state.h"

namespace nnfs::studio {

// Once per frame: starts the evaluation when the report is missing (or was made on another
// dataset) and nothing is training, loading or evaluating.
void evaluate_missing_report(AppState& s);
// A finished evaluation: its report is taken unless the model or report changed meanwhile.
void take_evaluated_report(AppState& s, const Evaluated& result);

}  // namespace nnfs::studio
