#include "app/studio/my_digits_actions.h"

#include <numeric>

#include "app/studio/actions.h"
#include "app/studio/live_predictor.h"
#include "app/studio/my_digits_store.h"
#include "app/studio/window.h"

namespace nnfs::studio {

namespace {

DigitStore* editable(AppState& s) {
  MyDigitsStore* store = s.my_digits_tab.store;
  if (store && store->lent()) report_error(s, "My digits is busy", "An export or import is running; try again when it is done");
  return store ? store->store() : nullptr;
}

// After a change: the counts the label row shows, the version the tab's views compare, and the event.
void changed(AppState& s, const char* event, nlohmann::json fields) {
  s.my_digits_tab.store->changed();
  s.my_digits.counts = s.my_digits_tab.store->counts();
  const auto& c = s.my_digits.counts;
  fields["counts"] = c;
  fields["total"] = std::accumulate(c.begin(), c.end(), std::size_t{0});
  s.events.emit(event, std::move(fields));
}

template <class Edit>
void edit(AppState& s, const char* event, Edit&& make) {
  DigitStore* store = editable(s);
  if (!store) return;
  try {
    const DigitEdit e = make(*store);
    s.my_digits_tab.history.push(e);
    changed(s, event, edit_json(e));
  } catch (const std::exception& e) {
    report_error(s, "Cannot change My digits", e.what());
  }
}

const char* op_name(DigitFileOp op) {
  switch (op) {
    case DigitFileOp::ExportCsv: return "csv";
    case DigitFileOp::ExportFolder: return "folder";
    case DigitFileOp::ImportCsv: return "csv";
    case DigitFileOp::ImportFolder: return "folder";
  }
  return "";
}

bool is_import(DigitFileOp op) { return op == DigitFileOp::ImportCsv || op == DigitFileOp::ImportFolder; }

std::size_t run_file_op(DigitStore& store, DigitFileOp op, const std::string& path) {
  if (is_import(op)) return store.import(path);
  if (op == DigitFileOp::ExportCsv) store.export_csv(path);
  else store.export_folder(path);
  return store.samples().size();
}

void file_job_ended(AppState& s) {
  MyDigitsTab& t = s.my_digits_tab;
  t.store->give_back(std::move(t.lent));
  s.my_digits.counts = t.store->counts();
  const std::optional<std::size_t> count = t.file_job.take_result();
  if (!count) {
    report_error(s, is_import(t.file_op) ? "Cannot import into My digits" : "Cannot export My digits", t.file_job.error());
    return;
  }
  if (is_import(t.file_op)) {
    changed(s, "my_digits_imported", {{"path", t.file_path}, {"format", op_name(t.file_op)}, {"added", *count}});
    return;
  }
  s.events.emit("my_digits_exported", {{"path", t.file_path}, {"format", op_name(t.file_op)}, {"samples", *count}});
}

}  // namespace

void relabel_my_digit(AppState& s, std::uint64_t id, int label) {
  edit(s, "my_digit_relabelled", [&](DigitStore& store) { return relabel_digit(store, id, label); });
}

void delete_my_digit(AppState& s, std::uint64_t id) {
  edit(s, "my_digit_deleted", [&](DigitStore& store) { return remove_digit(store, id); });
}

bool my_digits_can_undo(const AppState& s) { return s.my_digits_tab.store && !s.my_digits_tab.history.empty(); }

// The shortcuts are handled before the panels are drawn, so "has the keyboard" is last frame's.
bool my_digits_takes_undo(const AppState& s) {
  return s.my_digits_tab.focused_frame >= ImGui::GetFrameCount() - 1 && my_digits_can_undo(s);
}

void undo_my_digit_edit(AppState& s) {
  DigitStore* store = editable(s);
  if (!store || s.my_digits_tab.history.empty()) return;
  const DigitEdit e = s.my_digits_tab.history.last();
  try {
    undo_edit(*store, e);
    s.my_digits_tab.history.pop();
    changed(s, "my_digit_undone", {{"what", edit_json(e)["what"]}, {"id", e.id}, {"label", e.from}});
  } catch (const std::exception& ex) {
    report_error(s, "Cannot undo the change to My digits", ex.what());
  }
}

void ask_my_digits_file(AppState& s, DigitFileOp op) {
  using Mode = FileDialog::Mode;
  s.my_digits_tab.file_op = op;
  s.dialogs.purpose = FilePurpose::MyDigits;
  const std::string& dir = s.settings.last_dir;
  const FileDialog::Filter csv{"CSV files (*.csv)", {".csv"}}, all{"All files", {}};
  switch (op) {
    case DigitFileOp::ExportCsv:
      s.dialogs.file.open(Mode::Save, "Export My digits as CSV (label,1x1,…,28x28)", {csv}, dir, "my-digits.csv");
      break;
    case DigitFileOp::ExportFolder:
      s.dialogs.file.open(Mode::Save, "Export My digits as a new folder of PNGs with labels.csv", {{"Folder", {}}}, dir,
                          "my-digits");
      break;
    case DigitFileOp::ImportCsv:
      s.dialogs.file.open(Mode::Open, "Import digits from a CSV (label,1x1,…,28x28)", {csv, all}, dir);
      break;
    case DigitFileOp::ImportFolder:
      s.dialogs.file.open(Mode::Directory, "Import digits from a folder with labels.csv (file,label)", {}, dir);
      break;
  }
}

bool my_digits_file_busy(const AppState& s) { return s.my_digits_tab.store && s.my_digits_tab.store->lent(); }

void my_digits_file_chosen(AppState& s, const std::string& path) {
  MyDigitsTab& t = s.my_digits_tab;
  if (!t.store) return;
  try {
    t.lent = t.store->lend();
  } catch (const std::exception& e) {
    report_error(s, "Cannot open My digits", e.what());
    return;
  }
  if (!t.lent) return report_error(s, "My digits is busy", "An export or import is running; try again when it is done");
  t.file_path = path;
  // The job has the store to itself until poll_my_digits gives it back.
  t.file_job.start([store = t.lent, op = t.file_op, path] { return run_file_op(*store, op, path); },
                   [] { Window::wake(); });
}

void refresh_my_digits_scores(AppState& s) {
  MyDigitsTab& t = s.my_digits_tab;
  if (!t.store || !t.store->store() || t.scoring.running()) return;
  if (t.scoring_started && t.scoring_model == s.doc.version && t.scoring_store == t.store->version()) return;
  t.scoring_started = true;
  t.scoring_model = s.doc.version;
  t.scoring_store = t.store->version();
  std::shared_ptr<const Model> model = s.doc.shown();
  t.score_note = !model ? "No model is open: File › Open model… shows how one reads your digits"
                        : canvas_incompatibility(*model);
  if (!t.score_note.empty()) {
    t.scores.reset();
    return;
  }
  auto snapshot = std::make_shared<const DigitSnapshot>(snapshot_digits(*t.store->store()));
  t.scoring.start([model, snapshot, mv = t.scoring_model, sv = t.scoring_store] {
    DigitScores scores = score_digits(*model, *snapshot);
    scores.model_version = mv;
    scores.store_version = sv;
    return scores;
  }, [] { Window::wake(); });
}

void poll_my_digits(AppState& s) {
  MyDigitsTab& t = s.my_digits_tab;
  if (t.file_job.finished()) file_job_ended(s);
  if (!t.scoring.finished()) return;
  if (std::optional<DigitScores> scores = t.scoring.take_result()) {
    t.scores = std::move(*scores);
    nlohmann::json fields = scores_json(*t.scores);
    fields["model_version"] = t.scores->model_version;
    fields["store_version"] = t.scores->store_version;
    s.events.emit("my_digits_scored", fields);
  } else {
    t.scores.reset();
    t.score_note = t.scoring.error();
  }
}

}  // namespace nnfs::studio
