// One training step of one sample, in numbers: the engine's own forward pass, loss, backward pass
// and optimizer update on a batch of that single point, read back layer by layer. GL-free and
// unit-tested; panel_playground_step.cpp draws it beside the formulas of docs/MATH.md.
//
// The optimizer is the engine's, made from the run's settings and given the run's state (step count
// and momenta/caches, OptimizerState) when one is passed, then stepped on a copy of the parameters:
// the update shown is the one the run's next step would make from this sample alone; the model
// and the state passed are never changed. Without a state (or one of another optimizer or size)
// the optimizer starts fresh, at step 1, and the trace says so.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/data/dataset.h"
#include "engine/model/sequential.h"
#include "engine/optim/optimizer.h"
#include "engine/optim/optimizer_state.h"

namespace nnfs::studio {

struct StepLayer {
  std::string type;                 // "dense", "relu", "softmax", …
  std::vector<float> input;         // aᵢ [Dᵢ]
  std::vector<float> output;        // aᵢ₊₁ [Kᵢ] (a Dense's z = x·W + b)
  std::vector<float> dvalues;       // dL/daᵢ₊₁ [Kᵢ], the gradient arriving from above
  std::vector<float> dinputs;       // dL/daᵢ [Dᵢ], passed down (empty for the first layer)
  bool has_params = false;          // a Dense: the fields below are set
  std::size_t inputs = 0, units = 0;
  std::vector<float> weights, biases;              // W [D, K], b [K] before the step
  std::vector<float> dweights, dbiases;            // dW = xᵀ·dvalues, db = dvalues
  std::vector<float> weights_after, biases_after;  // after the optimizer's update
};

struct StepTrace {
  std::size_t sample = 0;
  std::vector<float> input;         // x [D]
  std::vector<float> output;        // the network's output [K] (probabilities after a softmax)
  std::vector<float> target;        // one-hot label or regression target [K]
  double loss = 0.0;                // the data loss of this sample
  bool fused = false;               // softmax + cross-entropy: backward starts below the softmax
  std::vector<float> doutput;       // dL/d(output), or dL/dz below the softmax when fused
  std::vector<StepLayer> layers;
  std::string optimizer;            // "adam"
  float lr = 0.0f;                  // the learning rate of this step
  std::uint64_t step = 1;           // t of this step (1 + the steps the state had taken)
  bool fresh_state = true;          // no run state was used: momenta/caches started at 0
};

// Traces sample `sample` of `data` (features, labels or targets) through `net`. Throws nnfs::Error
// for an out-of-range sample or a dataset that does not fit the network.
StepTrace trace_step(const Sequential& net, const Dataset& data, std::size_t sample, const std::string& loss,
                     const OptimizerConfig& optimizer, const OptimizerState& state = {});

// The index of the sample of a 2-feature dataset nearest to (x, y); 0 for an empty one.
std::size_t nearest_sample(const Dataset& data, float x, float y);

}  // namespace nnfs::studio
