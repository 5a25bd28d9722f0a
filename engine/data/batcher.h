// Batcher: a loader thread that assembles the next training batch while the current one trains.
//
//   trainer thread:  start_epoch(order) ─ next() ─ next() ─ …         (one batch at a time)
//   loader thread:          fill slot 0 ─ fill slot 1 ─ fill slot 0 ─ …  (one batch ahead)
//
// Two slots: the batch the trainer is using and the one being filled. Without augmentation a
// batch is only a gather and a uint8 → float conversion (tens of µs), cheaper than a thread
// handoff per step and than a third thread competing with the compute threads for the cores:
// then there is no loader thread and next() assembles the batch itself. A batch holds the inputs
// x[N, sample_shape...] (pixels scaled, and warped by a random affine transform when
// augmentation is on), and the labels or regression targets.
//
// Reproducible: the transform of a sample depends only on (seed, epoch, sample index), never on
// timing or on which batch it falls in, so a run (or a resumed one) always sees the same images.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <exception>
#include <mutex>
#include <optional>
#include <span>
#include <thread>
#include <vector>

#include "engine/core/tensor.h"
#include "engine/data/augment.h"
#include "engine/data/dataset.h"
#include "engine/data/sample_view.h"

namespace nnfs {

struct Batch {
  Tensor x;                          // [N, sample_shape...]
  std::vector<std::int32_t> labels;  // [N] for labelled classification data
  Tensor targets;                    // [N, target_dim] for regression data
  std::span<const std::size_t> indices;  // the samples, in the dataset
};

class Batcher {
 public:
  // Batches of the view's samples (sample numbers are the view's). `augment` applies to image
  // data only (ignored for float features). The datasets must outlive the Batcher.
  Batcher(SampleView data, PixelScaling scaling, std::optional<AugmentConfig> augment, std::uint64_t seed);
  Batcher(const Dataset& data, PixelScaling scaling, std::optional<AugmentConfig> augment, std::uint64_t seed)
      : Batcher(SampleView(data), scaling, augment, seed) {}
  ~Batcher();  // stops and joins the loader thread, if any
  Batcher(const Batcher&) = delete;
  Batcher& operator=(const Batcher&) = delete;

  // Serves the batches of one epoch: samples order[step·batch, …) for step = first_step, ….
  // `order` is copied. Call after the previous epoch's batches were taken (or abandoned).
  void start_epoch(std::span<const std::size_t> order, std::size_t batch, std::size_t epoch,
                   std::size_t first_step = 0);
  // The next batch of the epoch; blocks until it is ready. Valid until the following next() or
  // start_epoch(). Rethrows an error the loader met.
  const Batch& next();

  // Fills `out` with the samples at `indices` the way the loader does (also used directly, e.g.
  // by tests and to preview augmentation).
  void assemble(std::span<const std::size_t> indices, std::size_t epoch, Batch& out) const;

 private:
  void loader_loop();

  const SampleView data_;
  PixelScaling scaling_;
  std::optional<AugmentConfig> augment_;
  std::uint64_t seed_;

  std::mutex mutex_;
  std::condition_variable changed_;
  Batch slots_[2];
  std::vector<std::size_t> order_;
  std::size_t batch_ = 1, epoch_ = 0;
  std::size_t steps_ = 0;         // batches in this epoch
  std::size_t next_fill_ = 0;     // step the loader fills next
  std::size_t next_take_ = 0;     // step next() returns next
  bool filling_ = false;          // the loader is assembling a batch (reading order_)
  bool stopping_ = false;
  std::exception_ptr error_;
  std::thread loader_;            // last: starts once everything above exists (augmentation only)
};

}  // namespace nnfs
