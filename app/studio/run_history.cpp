#include "app/studio/run_history.h"

#include <algorithm>
#include <cstdio>

namespace nnfs::studio {

namespace {

// Back to the first `batches` batches: later epochs and changes go too.
void cut(RunHistory& r, std::size_t batches) {
  TrainingHistory& h = r.history;
  if (h.batch_loss.size() > batches) h.batch_loss.resize(batches);
  if (r.batch_seconds.size() > batches) r.batch_seconds.resize(batches);
  while (!h.epoch_batch_end.empty() && h.epoch_batch_end.back() > batches) {
    h.epoch_batch_end.pop_back();
    h.epochs.pop_back();
  }
  while (!r.change_steps.empty() && r.change_steps.back() > batches) {
    r.change_steps.pop_back();
    r.change_labels.pop_back();
  }
}

}  // namespace

std::string describe_change(const RunChange& c) {
  std::string text;
  const auto add = [&](const std::string& part) { text += (text.empty() ? "" : ", ") + part; };
  char buf[48];
  if (c.lr) {
    std::snprintf(buf, sizeof buf, "lr %g", static_cast<double>(*c.lr));
    add(buf);
  }
  if (c.epochs) add("epochs " + std::to_string(*c.epochs));
  if (c.augment) add(*c.augment ? "augment on" : "augment off");
  if (c.schedule) add("schedule " + c.schedule->name());
  return text;
}

void RunHistory::add(const HistoryLine& line) {
  switch (line.kind) {
    case HistoryLine::Kind::Batch:
      if (line.global_step != history.batch_loss.size() + 1) return;
      history.add_batch(static_cast<float>(line.loss));
      batch_seconds.push_back(static_cast<float>(line.t));
      steps_per_epoch = std::max(steps_per_epoch, line.step);
      return;
    case HistoryLine::Kind::Epoch:
      if (!history.epochs.empty() && line.epoch <= history.epochs.back().epoch) return;
      history.add_epoch(epoch_result(line));
      return;
    case HistoryLine::Kind::Change:
      change_steps.push_back(line.global_step);
      change_labels.push_back(describe_change(line.to));
      return;
    case HistoryLine::Kind::State:
      if (line.resumed) cut(*this, line.global_step);
      return;
  }
}

}  // namespace nnfs::studio
