// One line of a run's history.jsonl (docs/RUNS.md): a complete JSON object, written with a single
// write() and flushed, so a reader sees whole lines only (a torn last line is a crash mid-write).
//
//   {"kind":"batch","epoch":2,"step":17,"global_step":486,"loss":0.21,"lr":0.001,"t":12.5}
//   {"kind":"epoch","epoch":1,"loss":0.31,"train_acc":0.91,"test_acc":0.95,"seconds":3.2,"t":3.9}
//   {"kind":"change","epoch":2,"step":0,"global_step":469,"t":4.0,
//    "from":{"lr":0.001,"epochs":3},"to":{"lr":0.0005,"epochs":5}}
//   {"kind":"state","state":"running","t":0,"time":"2026-12-05T01:12:09Z","global_step":0,
//    "resumed":false,"message":""}
//
// t is seconds of training since the run began (over all its sessions). A state line with
// "resumed": true starts a new session at global_step: lines of the old session past that step
// were work lost to the interruption and readers drop them (RunInfo).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "engine/runs/run_state.h"
#include "engine/train/progress.h"
#include "engine/train/run_change.h"

namespace nnfs {

struct HistoryLine {
  enum class Kind { Batch, Epoch, Change, State };
  Kind kind = Kind::Batch;
  std::size_t epoch = 0, step = 0, global_step = 0;  // step: batches done in the epoch
  double t = 0.0;
  // batch
  double loss = 0.0, lr = 0.0;
  // epoch (train loss in `loss`)
  double train_acc = 0.0, seconds = 0.0;
  std::optional<double> test_loss, test_acc;
  // change
  RunChange from, to;
  // state
  RunState state = RunState::Running;
  std::string time, message;
  bool resumed = false;

  nlohmann::json to_json() const;
  std::string to_text() const;  // to_json().dump() + '\n'
  // Parses one line (without its newline); throws nnfs::Error "'loss' must be a finite number"
  // (the caller adds the file and the line number).
  static HistoryLine parse(std::string_view text);
};

const char* to_string(HistoryLine::Kind kind);  // "batch", "epoch", "change", "state"

// The one mapping between an epoch's EpochResult and its history line, both ways: the recorder
// writes the line, the studio's curves read it back (the fields the history keeps: losses,
// accuracies, seconds). global_step is the run's step count at the epoch's end.
HistoryLine epoch_line(const EpochResult& r, std::size_t global_step);
EpochResult epoch_result(const HistoryLine& line);

}  // namespace nnfs
