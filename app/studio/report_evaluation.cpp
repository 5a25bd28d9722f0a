#include "app/studio/report_evaluation.h"

#include "app/studio/actions.h"

namespace nnfs::studio {

void evaluate_missing_report(AppState& s) {
  ResultViews& v = s.views;
  DatasetDoc& d = s.dataset;
  // Not while training runs or is about to start (it makes its own reports and needs the cores).
  const TrainingTab& t = s.training.tab;
  if (is_active(s.training.trainer.state()) || t.phase == TrainingPhase::WaitingForData || t.loading.running()) return;
  if (!s.doc.model || !d.data || d.loading.running() || d.evaluating.running()) return;
  // A report of this kind (epoch 0) made on other data is replaced.
  if (s.training.report && s.training.report->epoch == 0 && v.report_dataset != d.dir) {
    s.training.report.reset();
    ++s.training.report_version;
  }
  if (s.training.report || v.report_tried == s.training.report_version) return;
  v.report_tried = s.training.report_version;
  v.report_problem.clear();
  try {
    check_compatible(*s.doc.model, d.data->test);
  } catch (const std::exception& e) {
    v.report_problem = e.what();  // shown by the tabs' empty state, not as an error dialog
    return;
  }
  run_command(s, Command::EvaluateModel);
}

void take_evaluated_report(AppState& s, const Evaluated& result) {
  if (!result.report || result.report_version != s.training.report_version || is_active(s.training.trainer.state())) return;
  s.training.report = result.report;
  ++s.training.report_version;
  s.views.report_dataset = result.dataset;
}

}  // namespace nnfs::studio
