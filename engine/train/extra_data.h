// Extra samples mixed into training (nnfs train --extra, the studio's "Teach the model"):
// a fixed share of every batch comes from them, augmented like the main data, and a held-out
// part of them is scored after every epoch (EpochResult::extra_acc). docs/MATH.md, "Mixing".
#pragma once

#include <memory>

#include "engine/data/dataset.h"

namespace nnfs {

struct ExtraData {
  std::shared_ptr<const Dataset> samples;  // mixed into every batch (null: no mixing)
  double share = 0.25;                     // of every batch, 0 < share < 1
  std::shared_ptr<const Dataset> holdout;  // scored after every epoch (may be null)

  bool active() const { return samples && samples->count > 0; }
};

// The number of a batch's `batch` places given to extra samples: round(share·batch), at least
// 1 and at most batch - 1 (for batch >= 2).
std::size_t extra_per_batch(std::size_t batch, double share);

}  // namespace nnfs
