#include "app/studio/teach_flow.h"

#include <optional>
#include <string>
#include <utility>

#include "app/studio/actions.h"
#include "app/studio/live_predictor.h"
#include "app/studio/training_controller.h"
#include "app/studio/window.h"
#include "engine/core/error.h"
#include "engine/train/clone_model.h"

namespace nnfs::studio {

using json = nlohmann::json;

namespace {

json score_json(const TeachScore& score) {
  auto value = [](double accuracy) { return accuracy < 0.0 ? json(nullptr) : json(accuracy); };
  return {{"mine", value(score.mine)}, {"mnist", value(score.mnist)}};
}

const Dataset* test_set(const std::shared_ptr<const MnistData>& data) {
  return data && data->test.count > 0 ? &data->test : nullptr;
}

void give_up(AppState& s, const std::string& message) {
  s.teach.step = TeachStep::Idle;
  report_error(s, "Cannot teach the model", message);
}

void emit_started(AppState& s, const TeachPlan& plan, const TrainConfig& config) {
  const TeachState& t = s.teach;
  s.events.emit("teach_started", {{"held_out", t.held_out}, {"held_out_ids", plan.held_out_ids},
                                  {"taught", t.taught_digits}, {"test_images", t.test_images},
                                  {"share", plan.extra.share}, {"epochs", config.epochs},
                                  {"before", score_json(plan.before)}});
}

// My digits are read and the model scored: the run starts from the open model's weights.
void prepared(AppState& s) {
  TeachState& t = s.teach;
  std::optional<TeachPlan> plan = t.preparing.take_result();
  if (!plan) return give_up(s, t.preparing.error());
  if (s.doc.model != std::exchange(t.model, nullptr) || training_active(s) || s.training.tab.phase != TrainingPhase::Idle)
    return give_up(s, "The open model changed while teaching was being prepared; press Teach again");
  const TrainingForm& form = s.training.tab.form;
  TrainingJob job;
  job.train = std::shared_ptr<const Dataset>(t.data, &t.data->train);
  if (const Dataset* test = test_set(t.data)) job.test = std::shared_ptr<const Dataset>(t.data, test);
  job.config = teach_config(static_cast<std::uint64_t>(form.seed), form.threads);
  job.extra = plan->extra;
  job.info = {{"my_digits", t.digits_dir}};
  const TrainConfig config = job.config;
  try {
    // A new run from these weights, with a fresh optimizer: what `nnfs train --init` does.
    s.training.trainer.set_model(clone_model(*s.doc.model));
    start_job(s, std::move(job));
  } catch (const std::exception& e) {
    return give_up(s, e.what());
  }
  t.session.start(s.doc.model, plan->before);
  t.held = plan->extra.holdout;
  t.held_out = t.held ? t.held->count : 0;
  t.taught_digits = plan->extra.samples->count;
  t.test_images = plan->test_images;
  t.step = TeachStep::Training;
  emit_started(s, *plan, config);
}

// The run has ended and the training controller made its model the open one: score it.
void run_ended(AppState& s) {
  TeachState& t = s.teach;
  t.ended = s.training.trainer.state();
  t.step = TeachStep::Scoring;
  t.scoring.start([taught = s.doc.model, held = t.held, data = t.data] {
    return score_model(*taught, held.get(), test_set(data));
  }, [] { Window::wake(); });
}

void scored(AppState& s) {
  TeachState& t = s.teach;
  const std::optional<TeachScore> after = t.scoring.take_result();
  t.step = TeachStep::Idle;
  if (!after) report_error(s, "Cannot score the taught model", t.scoring.error());
  t.session.finish(after.value_or(TeachScore{}));
  json rows = json::array();
  for (const TeachRow& r : teach_rows(t.session.before(), t.session.after(), t.held_out, t.test_images))
    rows.push_back({{"what", r.what}, {"before", r.before}, {"after", r.after}, {"change", r.change}});
  s.events.emit("teach_result", {{"state", to_string(t.ended)}, {"before", score_json(t.session.before())},
                                 {"after", score_json(t.session.after())}, {"held_out", t.held_out},
                                 {"test_images", t.test_images}, {"rows", rows}});
  s.tabs.bottom = static_cast<int>(BottomTab::MyDigits);
}

}  // namespace

const char* to_string(TeachStep step) {
  switch (step) {
    case TeachStep::Idle: return "idle";
    case TeachStep::Preparing: return "preparing";
    case TeachStep::Training: return "training";
    case TeachStep::Scoring: return "scoring";
  }
  return "unknown";
}

std::string teach_blocker(const AppState& s) {
  if (s.teach.step != TeachStep::Idle) return "The model is being taught";
  if (training_active(s) || s.training.tab.phase != TrainingPhase::Idle)
    return "Training is running — stop it first (Training tab)";
  if (!s.doc.model) return "No model is open — open or train one first";
  if (std::string why = canvas_incompatibility(*s.doc.model); !why.empty()) return "This model cannot read drawings: " + why;
  if (!s.my_digits.sink) return "My digits is not open";
  if (std::string why = teach_shortfall(s.my_digits.counts); !why.empty()) return why;
  if (loaded_training_data(s)) return "";
  if (s.dataset.loading.running() || s.training.tab.loading.running()) return "The training data is still loading";
  return "Open the MNIST data first (File › Open dataset…): your digits are mixed into it";
}

void request_teach(AppState& s) {
  if (std::string why = teach_blocker(s); !why.empty()) return give_up(s, why);
  TeachState& t = s.teach;
  t.data = loaded_training_data(s);
  t.model = s.doc.model;
  t.step = TeachStep::Preparing;
  t.preparing.start([model = s.doc.model, data = t.data, dir = t.digits_dir,
                     seed = static_cast<std::uint64_t>(s.training.tab.form.seed)] {
    return plan_teaching(*model, test_set(data), dir, seed);
  }, [] { Window::wake(); });
}

void poll_teach(AppState& s) {
  TeachState& t = s.teach;
  switch (t.step) {
    case TeachStep::Idle: return;
    case TeachStep::Preparing:
      if (t.preparing.finished()) prepared(s);
      return;
    case TeachStep::Training:
      if (!in_run(s.training.tab.phase) && !training_active(s)) run_ended(s);
      return;
    case TeachStep::Scoring:
      if (t.scoring.finished()) scored(s);
      return;
  }
}

void undo_teach(AppState& s) {
  if (training_active(s) || s.teach.step != TeachStep::Idle)
    return report_error(s, "Cannot undo the teaching", "Training is running — stop it first (Training tab)");
  try {
    replace_open_model(s, s.teach.session.undo());
  } catch (const Error& e) {
    return report_error(s, "Cannot undo the teaching", e.what());
  }
  s.doc.dirty = true;
  adopt_model(s);
  s.events.emit("teach_undone", {{"before", score_json(s.teach.session.before())}});
}

}  // namespace nnfs::studio
