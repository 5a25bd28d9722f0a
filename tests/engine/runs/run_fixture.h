// A small recorded run for the run-library tests: made with RunRecorder as a front end makes one
// (settings, initial checkpoint, batches, epochs, model, finished), without training anything.
#pragma once

#include <string>

#include "engine/runs/run_recorder.h"
#include "support/fixtures.h"

namespace nnfs::test {

inline NewRun small_new_run(const std::string& name) {
  NewRun r;
  r.name = name;
  r.config.epochs = 2;
  r.config.threads = 1;
  r.description = {"data/digits", "mlp"};
  r.network = "dense:8,relu,dense:3,softmax";
  r.train_samples = 30;
  return r;
}

// Records a run of two epochs of two batches; `finish` false leaves it live (the recorder
// returned holds its lock).
inline RunRecorder record_run(const std::string& library, const std::string& name, bool finish = true,
                              float lr = 1e-3f) {
  NewRun r = small_new_run(name);
  r.config.optimizer.lr = lr;
  RunRecorder rec = RunRecorder::create(library, r);
  const Model m = small_classifier({4}, 8, 3, 1);
  rec.save_initial_checkpoint(m, r.config, nlohmann::json::object());
  for (std::size_t epoch = 1; epoch <= 2; ++epoch) {
    for (std::size_t step = 1; step <= 2; ++step) rec.on_batch({epoch, step, 2, 1.0 / static_cast<double>(step), 0.1, lr});
    EpochResult e;
    e.epoch = epoch;
    e.train_loss = 0.5;
    e.train_acc = 0.5 + 0.1 * static_cast<double>(epoch);
    e.test_acc = 0.4 + 0.2 * static_cast<double>(epoch);
    rec.on_epoch(e);
  }
  if (finish) {
    rec.save_model(m);
    rec.set_state(RunState::Finished);
  }
  return rec;
}

}  // namespace nnfs::test
