// RunSummary: a run's summary.json, the one small file the run library reads to list runs.
// Rewritten atomically by the recorder at each state change and epoch end (docs/RUNS.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/runs/run_state.h"

namespace nnfs {

struct RunSummary {
  std::string id;                      // the directory's name, e.g. "20261205-0112-adam-k3f"
  std::string name;                    // editable; unique in the library
  RunState state = RunState::Running;  // as listed: interrupted/damaged are concluded by readers
  std::string started, updated;        // ISO 8601 UTC, "2026-12-05T01:12:09Z"
  std::size_t epochs_done = 0, epochs_total = 0;
  std::optional<double> best_test_acc, last_test_acc;
  double duration = 0.0;               // seconds of training, over every session of the run
  std::string data, network, optimizer;  // "data/mnist", "mlp", "adam lr 0.001"
  std::string message;                 // failed: the error; damaged: the reason (one line)
  std::uint64_t history_bytes = 0;     // history.jsonl's size when this summary was written
  std::string dir;                     // the run directory (not stored; set by the reader)

  nlohmann::json to_json() const;      // the file's contents (with "format")
  // Parses summary.json's contents; throws nnfs::Error "<where>: 'state' must be ..." naming the key.
  static RunSummary from_json(const nlohmann::json& j, const std::string& where);
};

}  // namespace nnfs
