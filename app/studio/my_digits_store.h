// The studio's My digits: the engine's DigitStore (engine/data/digit_store.h) behind the
// DigitSink the label row saves through.
#pragma once

#include "app/studio/app_state.h"

namespace nnfs::studio {

// Opens the store in `directory` (DigitStore::default_directory() for the user's) as
// s.my_digits; a directory that does not exist yet is created by the first drawing kept. A store that cannot be opened is an error in the dialog and labelling stays off;
// a damaged one opens with its good samples and its one-line note in the dialog. Writes the
// "my_digits_opened" event (directory, total, counts, note).
void open_my_digits(AppState& s, const std::string& directory);

}  // namespace nnfs::studio
