// A fixed split of a batch into tasks for the layers' parallel loops.
//
// The split depends on the batch size only, never on the thread count, and per-task partial
// sums (weight gradients, statistics) are added in task order, so results are bit-identical
// for any number of threads (engine/core/parallel.h runs the tasks).
#pragma once

#include <algorithm>
#include <cstddef>

namespace nnfs {

struct BatchSplit {
  static constexpr std::size_t kMaxTasks = 16;  // enough to balance 2..16 threads

  std::size_t n = 0, tasks = 0;
  explicit BatchSplit(std::size_t batch) : n(batch), tasks(std::min(batch, kMaxTasks)) {}
  std::size_t begin(std::size_t t) const { return n * t / tasks; }
  std::size_t end(std::size_t t) const { return n * (t + 1) / tasks; }
};

}  // namespace nnfs
