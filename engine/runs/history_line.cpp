#include "engine/runs/history_line.h"

#include "engine/core/error.h"
#include "engine/runs/json_fields.h"
#include "engine/train/train_config.h"

namespace nnfs {

namespace {

using json = nlohmann::json;

constexpr std::uint64_t kMaxSteps = UINT64_MAX;

json or_null(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

RunChange change_of(const runs::JsonFields& f, const char* key) {
  const json* v = f.find(key);
  if (!v) f.fail(std::string("'") + key + "' is missing");
  try {
    return RunChange::from_json(*v);
  } catch (const Error& e) {
    f.fail(std::string("'") + key + "': " + e.what());
  }
}

void parse_kind(HistoryLine& h, const runs::JsonFields& f) {
  switch (h.kind) {
    case HistoryLine::Kind::Batch:
      h.loss = f.number("loss");
      h.lr = f.number("lr");
      break;
    case HistoryLine::Kind::Epoch:
      h.loss = f.number("loss");
      h.train_acc = f.number("train_acc");
      h.test_loss = f.optional_number("test_loss");
      h.test_acc = f.optional_number("test_acc");
      h.seconds = f.number("seconds");
      break;
    case HistoryLine::Kind::Change:
      h.from = change_of(f, "from");
      h.to = change_of(f, "to");
      break;
    case HistoryLine::Kind::State: {
      const std::string state = f.text("state");
      const std::optional<RunState> s = parse_run_state(state);
      if (!s || *s == RunState::Interrupted || *s == RunState::Damaged) f.fail("'state' must be running, paused, finished, stopped or failed, found '" + printable(state) + "'");
      h.state = *s;
      h.time = f.text_or("time", "");
      h.message = f.text_or("message", "");
      h.resumed = f.flag_or("resumed", false);
      break;
    }
  }
}

}  // namespace

const char* to_string(HistoryLine::Kind kind) {
  switch (kind) {
    case HistoryLine::Kind::Batch: return "batch";
    case HistoryLine::Kind::Epoch: return "epoch";
    case HistoryLine::Kind::Change: return "change";
    case HistoryLine::Kind::State: return "state";
  }
  return "batch";
}

json HistoryLine::to_json() const {
  json j = {{"kind", to_string(kind)}};
  switch (kind) {
    case Kind::Batch:
      j.update({{"epoch", epoch}, {"step", step}, {"global_step", global_step}, {"loss", loss}, {"lr", lr}});
      break;
    case Kind::Epoch:
      j.update({{"epoch", epoch}, {"loss", loss}, {"train_acc", train_acc}, {"test_loss", or_null(test_loss)},
                {"test_acc", or_null(test_acc)}, {"seconds", seconds}, {"global_step", global_step}});
      break;
    case Kind::Change:
      j.update({{"epoch", epoch}, {"step", step}, {"global_step", global_step}, {"from", from.to_json()},
                {"to", to.to_json()}});
      break;
    case Kind::State:
      j.update({{"state", nnfs::to_string(state)}, {"time", time}, {"global_step", global_step},
                {"resumed", resumed}, {"message", message}});
      break;
  }
  j["t"] = t;
  return j;
}

std::string HistoryLine::to_text() const {
  // Invalid UTF-8 in a message (a file name) is replaced, never thrown at the writer.
  return to_json().dump(-1, ' ', false, json::error_handler_t::replace) + '\n';
}

HistoryLine HistoryLine::parse(std::string_view text) {
  const json j = runs::parse_json_object(std::string(text), "");
  const runs::JsonFields f(j, "");
  HistoryLine h;
  const std::string kind = f.text("kind");
  if (kind == "batch") h.kind = Kind::Batch;
  else if (kind == "epoch") h.kind = Kind::Epoch;
  else if (kind == "change") h.kind = Kind::Change;
  else if (kind == "state") h.kind = Kind::State;
  else f.fail("'kind' must be batch, epoch, change or state, found '" + printable(kind) + "'");
  h.t = f.number("t");
  h.global_step = f.count("global_step", kMaxSteps);
  if (h.kind != Kind::State) h.epoch = f.count("epoch", kMaxEpochs);
  if (h.kind == Kind::Batch || h.kind == Kind::Change) h.step = f.count("step", kMaxSteps);
  parse_kind(h, f);
  return h;
}

HistoryLine epoch_line(const EpochResult& r, std::size_t global_step) {
  HistoryLine line;
  line.kind = HistoryLine::Kind::Epoch;
  line.epoch = r.epoch;
  line.global_step = global_step;
  line.loss = r.train_loss;
  line.train_acc = r.train_acc;
  line.test_loss = r.test_loss;
  line.test_acc = r.test_acc;
  line.seconds = r.seconds;
  return line;
}

EpochResult epoch_result(const HistoryLine& line) {
  EpochResult e;
  e.epoch = line.epoch;
  e.train_loss = line.loss;
  e.train_acc = line.train_acc;
  e.test_loss = line.test_loss;
  e.test_acc = line.test_acc;
  e.seconds = line.seconds;
  return e;
}

}  // namespace nnfs
