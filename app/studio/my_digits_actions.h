// What the My digits tab does (panels/panel_my_digits*.cpp draw it): relabel and delete with Undo,
// export and import through the file dialog, and the open model's scores. Work that touches the
// user's files or runs the model goes to BackgroundJob threads; the UI thread only starts and
// collects it (poll_my_digits, once a frame).
//
// Events (--events): my_digit_relabelled / my_digit_deleted {id, from, to, counts, total},
// my_digit_undone {what, id, label, counts, total}, my_digits_exported {format, path, samples},
// my_digits_imported {path, added, counts, total}, my_digits_scored {model_version,
// store_version, accuracy, right, total, per_class, wrong}; failures are "error" events.
#pragma once

#include <cstdint>
#include <string>

#include "app/studio/app_state.h"

namespace nnfs::studio {

void relabel_my_digit(AppState& s, std::uint64_t id, int label);
void delete_my_digit(AppState& s, std::uint64_t id);
bool my_digits_can_undo(const AppState& s);
// Ctrl+Z belongs to the tab (not the canvas) while the tab has the keyboard and has an edit to undo.
bool my_digits_takes_undo(const AppState& s);
void undo_my_digit_edit(AppState& s);

// Opens the file dialog for `op`; its answer comes to my_digits_file_chosen (handle_file_choice).
void ask_my_digits_file(AppState& s, DigitFileOp op);
// Lends the store to a job that exports or imports `path` (a bad file is the engine's one-line
// error in the dialog; the store is given back unchanged).
void my_digits_file_chosen(AppState& s, const std::string& path);
bool my_digits_file_busy(const AppState& s);

// Starts scoring when the shown model or the store changed since the last scoring (and none runs).
void refresh_my_digits_scores(AppState& s);
// Collects a finished scoring or file job.
void poll_my_digits(AppState& s);

}  // namespace nnfs::studio
