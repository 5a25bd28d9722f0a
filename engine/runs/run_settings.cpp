#include "engine/runs/run_settings.h"

#include <cstdio>

#include "engine/runs/run_format.h"

namespace nnfs::runs {

nlohmann::json settings_json(const std::string& id, const NewRun& run) {
  nlohmann::json config = run.config.to_json();
  config["threads"] = run.config.threads;
  return {{"format", kFormatVersion},
          {"id", id},
          {"config", config},
          {"data", run.description.dataset},
          {"preset", run.description.preset},
          {"network", run.network},
          {"train_samples", run.train_samples},
          {"info", run.info.is_object() ? run.info : nlohmann::json::object()}};
}

std::string describe_optimizer(const OptimizerConfig& c) {
  char text[96];
  std::snprintf(text, sizeof text, "%s lr %g", to_string(c.type), static_cast<double>(c.lr));
  std::string out = text;
  if (c.type == OptimizerType::Sgd && c.momentum != 0.0f) {
    std::snprintf(text, sizeof text, " momentum %g%s", static_cast<double>(c.momentum), c.nesterov ? " nesterov" : "");
    out += text;
  }
  return out;
}

RunSummary new_summary(const std::string& id, const NewRun& run) {
  RunSummary s;
  s.id = id;
  s.name = run.name.empty() ? id : run.name;
  s.state = RunState::Running;
  s.started = s.updated = utc_now();
  s.epochs_total = run.config.epochs;
  s.data = run.description.dataset;
  s.network = run.description.preset.empty() ? run.network : run.description.preset;
  s.optimizer = describe_optimizer(run.config.optimizer);
  return s;
}

void set_epochs(RunSummary& s, const std::vector<EpochResult>& epochs, std::size_t total) {
  s.epochs_done = 0;
  s.best_test_acc = s.last_test_acc = std::nullopt;
  s.epochs_total = total;
  for (const EpochResult& r : epochs) add_epoch(s, r);
}

void add_epoch(RunSummary& s, const EpochResult& r) {
  s.epochs_done = r.epoch;
  s.last_test_acc = r.test_acc;
  if (r.test_acc && (!s.best_test_acc || *r.test_acc > *s.best_test_acc)) s.best_test_acc = r.test_acc;
}

}  // namespace nnfs::runs
