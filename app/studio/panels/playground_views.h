// The playground's two teaching views, drawn by the Playground tab inside its own windows:
//
//   draw_playground_diagram  the network as a diagram: inputs, every hidden neuron and the outputs as
//                            small maps of that neuron's output over the plane (as TensorFlow
//                            Playground draws them), connections coloured by sign, thick by |weight|.
//   draw_playground_step     one training step of one sample in numbers: forward (x, z = x·W + b,
//                            activations, softmax, loss), backward (dvalues, dweights, dbiases) and
//                            the optimizer's update, each beside its formula from docs/MATH.md.
//
// Both read a weights snapshot (the network the trainer published) and never change it; the state
// structs are owned by the tab. The numbers come from GL-free code (playground_neuron_maps.h,
// playground_step.h) that runs the engine's own passes.
#pragma once

#include <cstddef>
#include <string>

#include "app/studio/playground_boundary.h"
#include "app/studio/playground_neuron_maps.h"
#include "app/studio/playground_step.h"
#include "engine/data/dataset.h"
#include "engine/model/sequential.h"
#include "engine/model/workspace.h"
#include "engine/optim/optimizer.h"
#include "engine/optim/optimizer_state.h"

namespace nnfs::studio {

struct PlaygroundDiagramState {
  std::size_t cells = 24;         // each neuron's map is cells × cells
  std::size_t max_neurons = 16;   // per layer; the rest show as "+k more"
  Workspace ws;                   // the maps' forward pass
  NeuronMaps maps;                // the last computed maps
};

// Fills the available width of the current ImGui window. Recomputes the maps each call (one batch
// of cells² points), so call it with the latest snapshot.
void draw_playground_diagram(const Sequential& net, const PlaneBounds& bounds, PlaygroundDiagramState& state);

struct PlaygroundStepState {
  std::size_t sample = 0;         // the training sample traced; the tab may set it (a click on the plane:
                                  // nearest_sample in playground_step.h)
  std::size_t shown = 6;          // values shown per vector before "…"
  StepTrace trace;                // the last computed step
};

// `loss` is the run's loss name ("categorical_crossentropy", "mse"), `optimizer` its settings and
// `optimizer_state` its state (a Checkpoint's state.optimizer, taken with `net`; empty: a fresh
// optimizer). Shows an empty state when `train` has no samples or does not fit `net`.
void draw_playground_step(const Sequential& net, const Dataset& train, const std::string& loss,
                          const OptimizerConfig& optimizer, const OptimizerState& optimizer_state,
                          PlaygroundStepState& state);

}  // namespace nnfs::studio
