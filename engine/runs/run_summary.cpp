#include "engine/runs/run_summary.h"

#include <ctime>

#include "engine/core/error.h"
#include "engine/runs/json_fields.h"
#include "engine/runs/run_format.h"
#include "engine/train/train_config.h"

namespace nnfs {

namespace runs {

void check_format(const JsonFields& fields) {
  const std::uint64_t format = fields.count("format", 1'000'000);
  if (format > static_cast<std::uint64_t>(kFormatVersion))
    fields.fail("format " + std::to_string(format) + " is newer than this nnfs reads (" +
                std::to_string(kFormatVersion) + "); update nnfs");
  if (format == 0) fields.fail("'format' must be at least 1");
}

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

}  // namespace runs

using json = nlohmann::json;

json RunSummary::to_json() const {
  auto optional = [](const std::optional<double>& v) { return v ? json(*v) : json(nullptr); };
  return {{"format", runs::kFormatVersion},
          {"id", id},
          {"name", name},
          {"state", to_string(state)},
          {"started", started},
          {"updated", updated},
          {"epochs_done", epochs_done},
          {"epochs_total", epochs_total},
          {"best_test_acc", optional(best_test_acc)},
          {"last_test_acc", optional(last_test_acc)},
          {"duration", duration},
          {"data", data},
          {"network", network},
          {"optimizer", optimizer},
          {"message", message},
          {"history_bytes", history_bytes}};
}

RunSummary RunSummary::from_json(const json& j, const std::string& where) {
  const runs::JsonFields f(j, where);
  runs::check_format(f);
  RunSummary s;
  s.id = f.text("id");
  s.name = f.text("name");
  const std::string state = f.text("state");
  const std::optional<RunState> parsed = parse_run_state(state);
  // Interrupted and damaged are what readers conclude; a writer never stores them.
  if (!parsed || *parsed == RunState::Interrupted || *parsed == RunState::Damaged)
    f.fail("'state' must be running, paused, finished, stopped or failed, found '" + printable(state) + "'");
  s.state = *parsed;
  s.started = f.text("started");
  s.updated = f.text("updated");
  s.epochs_done = f.count("epochs_done", kMaxEpochs);
  s.epochs_total = f.count("epochs_total", kMaxEpochs);
  s.best_test_acc = f.optional_number("best_test_acc");
  s.last_test_acc = f.optional_number("last_test_acc");
  s.duration = f.number("duration");
  s.data = f.text_or("data", "");
  s.network = f.text_or("network", "");
  s.optimizer = f.text_or("optimizer", "");
  s.message = f.text_or("message", "");
  s.history_bytes = f.count("history_bytes", UINT64_MAX);
  return s;
}

}  // namespace nnfs
