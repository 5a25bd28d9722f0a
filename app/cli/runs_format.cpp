#include "app/cli/runs_format.h"

#include <algorithm>
#include <cstdio>
#include <set>

namespace nnfs::cli {

namespace {

using json = nlohmann::json;
using Kind = HistoryLine::Kind;

std::string percent(const std::optional<double>& v) {
  if (!v) return "-";
  char text[32];
  std::snprintf(text, sizeof text, "%.2f%%", 100.0 * *v);
  return text;
}

std::string number(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.4g", v);
  return text;
}

std::string duration(double seconds) {
  char text[32];
  if (seconds < 60) std::snprintf(text, sizeof text, "%.1f s", seconds);
  else if (seconds < 3600) std::snprintf(text, sizeof text, "%.1f min", seconds / 60);
  else std::snprintf(text, sizeof text, "%.1f h", seconds / 3600);
  return text;
}

// Columns padded to their widest cell; the last column is not padded.
std::string table(const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> width;
  for (const auto& row : rows)
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (width.size() <= i) width.push_back(0);
      width[i] = std::max(width[i], row[i].size());
    }
  std::string out;
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i)
      line += i + 1 < row.size() ? row[i] + std::string(width[i] - row[i].size() + 2, ' ') : row[i];
    out += line + "\n";
  }
  return out;
}

void flatten(const json& j, const std::string& key, std::map<std::string, std::string>& out) {
  if (j.is_object()) {
    for (const auto& [k, v] : j.items()) flatten(v, key.empty() ? k : key + "." + k, out);
    return;
  }
  if (j.is_number_float()) out[key] = number(j.get<double>());
  else if (j.is_string()) out[key] = j.get<std::string>();
  else out[key] = j.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string change_text(const HistoryLine& c) {
  const json from = c.from.to_json(), to = c.to.to_json();
  std::string text;
  for (const auto& [key, value] : to.items()) {
    std::map<std::string, std::string> a, b;
    flatten(from.contains(key) ? from[key] : json(nullptr), "", a);
    flatten(value, "", b);
    text += (text.empty() ? "" : ", ") + key + " " + a.begin()->second + " -> " + b.begin()->second;
  }
  return "epoch " + std::to_string(c.epoch) + " after batch " + std::to_string(c.step) + " (step " +
         std::to_string(c.global_step) + "): " + text;
}

json epoch_line_json(const HistoryLine& e) {
  auto opt = [](const std::optional<double>& v) { return v ? json(*v) : json(nullptr); };
  return {{"epoch", e.epoch}, {"train_loss", e.loss}, {"train_acc", e.train_acc},
          {"test_loss", opt(e.test_loss)}, {"test_acc", opt(e.test_acc)}, {"seconds", e.seconds}};
}

}  // namespace

json summary_json(const RunSummary& s) {
  json j = s.to_json();
  j.erase("format");
  j.erase("history_bytes");
  j["state"] = to_string(s.state);
  j["epochs"] = s.epochs_done;
  j["dir"] = s.dir;
  return j;
}

std::string format_run_table(const std::vector<RunSummary>& runs) {
  std::vector<std::vector<std::string>> rows = {
      {"ID", "NAME", "STATE", "STARTED", "EPOCHS", "BEST", "LAST", "DURATION", "DATA", "NETWORK", "OPTIMIZER"}};
  std::string damaged;
  for (const RunSummary& s : runs) {
    rows.push_back({s.id, s.name, to_string(s.state), s.started, std::to_string(s.epochs_done) + "/" + std::to_string(s.epochs_total),
                    percent(s.best_test_acc), percent(s.last_test_acc), duration(s.duration), s.data, s.network,
                    s.optimizer});
    if (s.state == RunState::Damaged || s.state == RunState::Failed)
      damaged += s.id + ": " + to_string(s.state) + ": " + s.message + "\n";
  }
  return table(rows) + damaged;
}

std::map<std::string, std::string> flat_settings(const json& settings) {
  std::map<std::string, std::string> out;
  if (!settings.is_object()) return out;
  json kept = settings;
  for (const char* key : {"format", "id", "info"}) kept.erase(key);
  flatten(kept, "", out);
  return out;
}

json run_json(const RunInfo& run) {
  json epochs = json::array(), changes = json::array();
  for (const HistoryLine& e : run.lines(Kind::Epoch)) epochs.push_back(epoch_line_json(e));
  for (const HistoryLine& c : run.lines(Kind::Change)) changes.push_back(c.to_json());
  return {{"summary", summary_json(run.summary)}, {"settings", run.settings}, {"epochs", epochs},
          {"changes", changes}, {"problems", run.problems}};
}

std::string format_run(const RunInfo& run) {
  const RunSummary& s = run.summary;
  std::string out = "run " + s.name + " (" + s.id + ")\n";
  out += table({{"state", to_string(s.state) + std::string(s.message.empty() ? "" : ": " + s.message)},
                {"started", s.started}, {"updated", s.updated}, {"duration", duration(s.duration)},
                {"epochs", std::to_string(s.epochs_done) + "/" + std::to_string(s.epochs_total)},
                {"best test acc", percent(s.best_test_acc)}, {"folder", s.dir}});
  out += "\nsettings (as the run started; changes below)\n";
  std::vector<std::vector<std::string>> rows;
  for (const auto& [key, value] : flat_settings(run.settings)) rows.push_back({"  " + key, value});
  out += rows.empty() ? "  (unreadable)\n" : table(rows);
  out += "\nepochs\n";
  rows = {{"  EPOCH", "TRAIN LOSS", "TRAIN ACC", "TEST LOSS", "TEST ACC", "SECONDS"}};
  for (const HistoryLine& e : run.lines(Kind::Epoch))
    rows.push_back({"  " + std::to_string(e.epoch), number(e.loss), percent(e.train_acc),
                    e.test_loss ? number(*e.test_loss) : "-", percent(e.test_acc), number(e.seconds)});
  out += rows.size() > 1 ? table(rows) : "  (none finished)\n";
  const std::vector<HistoryLine> changes = run.lines(Kind::Change);
  if (!changes.empty()) {
    out += "\nchanges\n";
    for (const HistoryLine& c : changes) out += "  " + change_text(c) + "\n";
  }
  if (!run.problems.empty()) {
    out += "\nproblems\n";
    for (const std::string& p : run.problems) out += "  " + p + "\n";
  }
  return out;
}

namespace {

// The settings whose values are not the same in every run: key → one value per run ("-": absent).
std::map<std::string, std::vector<std::string>> differences(const std::vector<RunInfo>& runs) {
  std::vector<std::map<std::string, std::string>> flat;
  std::set<std::string> keys;
  for (const RunInfo& r : runs) {
    flat.push_back(flat_settings(r.settings));
    for (const auto& [k, v] : flat.back()) keys.insert(k);
  }
  std::map<std::string, std::vector<std::string>> out;
  for (const std::string& k : keys) {
    std::vector<std::string> values;
    for (const auto& f : flat) values.push_back(f.count(k) ? f.at(k) : "-");
    if (std::adjacent_find(values.begin(), values.end(), std::not_equal_to<>()) != values.end()) out[k] = values;
  }
  return out;
}

std::size_t most_epochs(const std::vector<RunInfo>& runs) {
  std::size_t n = 0;
  for (const RunInfo& r : runs)
    for (const HistoryLine& e : r.lines(Kind::Epoch)) n = std::max(n, e.epoch);
  return n;
}

const HistoryLine* epoch_of(const RunInfo& r, std::size_t epoch) {
  for (const HistoryLine& e : r.history)
    if (e.kind == Kind::Epoch && e.epoch == epoch) return &e;
  return nullptr;
}

}  // namespace

json compare_json(const std::vector<RunInfo>& runs) {
  json ids = json::array(), epochs = json::array(), diff = json::object();
  for (const RunInfo& r : runs) ids.push_back({{"id", r.summary.id}, {"name", r.summary.name}, {"state", to_string(r.summary.state)}});
  for (std::size_t e = 1; e <= most_epochs(runs); ++e) {
    json row = json::array();
    for (const RunInfo& r : runs) {
      const HistoryLine* line = epoch_of(r, e);
      row.push_back(line ? epoch_line_json(*line) : json(nullptr));
    }
    epochs.push_back({{"epoch", e}, {"runs", row}});
  }
  for (const auto& [k, v] : differences(runs)) diff[k] = v;
  return {{"runs", ids}, {"epochs", epochs}, {"differences", diff}};
}

std::string format_compare(const std::vector<RunInfo>& runs) {
  std::vector<std::string> head = {"EPOCH"};
  for (const RunInfo& r : runs) {
    head.push_back(r.summary.name + " loss");
    head.push_back("test acc");
  }
  std::vector<std::vector<std::string>> rows = {head};
  for (std::size_t e = 1; e <= most_epochs(runs); ++e) {
    std::vector<std::string> row = {std::to_string(e)};
    for (const RunInfo& r : runs) {
      const HistoryLine* line = epoch_of(r, e);
      row.push_back(line ? number(line->loss) : "-");
      row.push_back(line ? percent(line->test_acc) : "-");
    }
    rows.push_back(row);
  }
  std::string out = table(rows) + "\nsettings that differ\n";
  rows = {{"  SETTING"}};
  for (const RunInfo& r : runs) rows[0].push_back(r.summary.name);
  for (const auto& [k, values] : differences(runs)) {
    std::vector<std::string> row = {"  " + k};
    row.insert(row.end(), values.begin(), values.end());
    rows.push_back(row);
  }
  out += rows.size() > 1 ? table(rows) : "  (none: the runs have the same settings)\n";
  for (const RunInfo& r : runs)
    for (const std::string& p : r.problems) out += r.summary.name + ": " + p + "\n";
  return out;
}

}  // namespace nnfs::cli
