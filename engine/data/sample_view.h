// SampleView: the samples a training run reads, numbered 0..count()-1, over datasets that stay
// where they are. Training on part of a dataset (a validation split holds the rest out) or on a
// dataset followed by extra samples (`--extra`, the studio's "Teach the model my digits") used to
// copy the images into a new Dataset; a view copies nothing but row numbers, so the studio holds
// each dataset once (issue 16).
//
//   sample i, i < first_count:  row rows[i] of `first` (row i when rows is empty: all of it)
//   sample i, i ≥ first_count:  row i - first_count of `second`
//
// The numbering is the one the copies had, so batches, augmentation (seeded by sample number)
// and therefore every trained bit are unchanged.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "engine/core/tensor.h"
#include "engine/data/dataset.h"

namespace nnfs {

class SampleView {
 public:
  // All of `data`.
  explicit SampleView(const Dataset& data) : SampleView(data, {}, nullptr) {}
  // The rows `rows` of `first` (all of it when empty), then every sample of `second` (if given).
  // Throws nnfs::Error when a row is out of range or `second` cannot be mixed with `first`
  // (another sample shape, kind of data, labelling or number of classes).
  SampleView(const Dataset& first, std::vector<std::size_t> rows, const Dataset* second);

  std::size_t count() const { return first_count_ + (second_ ? second_->count : 0); }
  // The first dataset: its shape, kind of data and class names are the view's.
  const Dataset& first() const { return *first_; }
  const Shape& sample_shape() const { return first_->sample_shape; }
  std::size_t sample_size() const { return first_->sample_size(); }
  bool is_image() const { return first_->is_image(); }
  bool has_labels() const { return !first_->labels.empty(); }
  bool has_targets() const { return !first_->targets.empty(); }

  struct Row {
    const Dataset* data;
    std::size_t row;
  };
  // Where sample i lives. Throws std::out_of_range naming `who` when i >= count().
  Row at(std::size_t i, const char* who) const;

 private:
  const Dataset* first_;
  std::vector<std::size_t> rows_;
  std::size_t first_count_;
  const Dataset* second_;
};

// x[N, sample_shape...] = the samples at `indices` (pixels as p·scale + offset, or features).
void gather_batch(const SampleView& view, std::span<const std::size_t> indices, Tensor& x, PixelScaling scaling);
void gather_labels(const SampleView& view, std::span<const std::size_t> indices, std::vector<std::int32_t>& labels);
void gather_targets(const SampleView& view, std::span<const std::size_t> indices, Tensor& y);
// Asks the CPU to start loading the pixels of those samples into its caches (a hint only).
void prefetch_samples(const SampleView& view, std::span<const std::size_t> indices);

}  // namespace nnfs
