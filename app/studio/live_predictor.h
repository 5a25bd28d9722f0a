// Live prediction for the canvas: the drawing → the engine's MNIST preprocessing
// (engine/data/preprocess.h) → the model.
//
// Runs on the UI thread, once per change of the drawing or the model; `ms` records what it cost
// (preprocessing + forward pass), which the status bar and the events file report. The model is
// only read (during a run it is the trainer's published weights, shared, not copied); the pass
// runs in the caller's workspace.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/model/model.h"
#include "engine/model/workspace.h"

namespace nnfs::studio {

struct Prediction {
  bool empty = true;                          // nothing drawn: no guess
  std::array<std::uint8_t, 784> input{};      // the 28x28 image the network sees
  std::vector<float> probs;                   // one per class (empty when empty or no model)
  int label = -1;                             // argmax of probs, -1 when none
  double ms = 0.0;                            // UI-thread cost of this prediction (wall clock)
  double cpu_ms = 0.0;                        // the same in the thread's CPU time (what it costs
                                              // without other processes competing for the cores)
};

// CPU time of the calling thread in milliseconds (what work costs without waiting for a core).
double thread_cpu_ms();

// Why `model` cannot read the canvas ("" when it can): it must take 784 inputs (28x28).
std::string canvas_incompatibility(const Model& model);

// Preprocesses the kRaster x kRaster ink raster and, when `model` is given and compatible, runs it
// in `ws`. Outputs that do not sum to 1 (a model without a final softmax) are passed through a
// softmax.
Prediction predict_canvas(const Model* model, const std::vector<std::uint8_t>& raster, int side, Workspace& ws);

}  // namespace nnfs::studio
