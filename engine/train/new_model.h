// A new model for a dataset, ready to train: what `nnfs train` and the studio's "New model" need.
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/data/dataset.h"
#include "engine/model/model.h"

namespace nnfs {

// The network from `architecture` on the data's sample shape, weights drawn from `seed`; the loss
// (default_loss(architecture) when empty; aliases such as "cce" become the full name); the data's
// class names. Throws nnfs::Error that says what to change when the loss does not fit the output
// layer (cross-entropies need softmax or sigmoid probabilities) or the outputs do not fit the
// data: K classes need K softmax outputs; binary cross-entropy takes one sigmoid output for labels
// 0/1 or one per class; regression targets of D values need D outputs.
Model new_model(const nlohmann::json& architecture, const Dataset& data, const std::string& loss,
                std::uint64_t seed);

}  // namespace nnfs
