// Dataset: samples in memory, labels or "unlabelled", class names.
//
// Images stay as uint8 (60,000 MNIST images are 47 MB as bytes, 188 MB as floats); they become
// floats only when a mini-batch is assembled (gather_batch), which also applies the scaling.
// Small numeric datasets (the book's spiral and sine data) are stored as floats directly.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "engine/core/rng.h"
#include "engine/core/tensor.h"

namespace nnfs {

struct Dataset {
  std::string source;                   // file or directory it came from, for messages
  std::size_t count = 0;                // number of samples
  Shape sample_shape;                   // {28, 28} for MNIST images, {2} for spiral points
  std::vector<std::uint8_t> pixels;     // [count, sample_size] 0..255, or empty
  std::vector<float> features;          // [count, sample_size], used when pixels is empty
  std::vector<std::int32_t> labels;     // [count] class index, empty when unlabelled
  std::vector<float> targets;           // [count, target_dim] regression targets, or empty
  std::size_t target_dim = 0;
  std::vector<std::string> class_names; // one per class ("0".."9" for MNIST)

  std::size_t sample_size() const { return shape_size(sample_shape); }
  bool labelled() const { return !labels.empty() || !targets.empty(); }
  bool is_image() const { return !pixels.empty(); }
  std::size_t num_classes() const { return class_names.size(); }

  // A new dataset holding the samples at `indices`, in that order.
  Dataset subset(std::span<const std::size_t> indices) const;
};

std::vector<std::string> digit_class_names();  // "0".."9"

// Splits off the last `fraction` of a seeded permutation as validation data.
struct TrainValidation { Dataset train, validation; };
// A seeded random split of the rows 0..count-1, `fraction` of them (rounded) held out for
// validation; each part in increasing row order. Rows, not copies: the training part is read
// through a SampleView (sample_view.h).
struct SplitRows { std::vector<std::size_t> train, validation; };
SplitRows split_validation(const Dataset& data, double fraction, std::uint64_t seed);

// How uint8 pixels become network inputs: x = p·scale + offset.
// The default is p/255 in [0, 1]; models store the scaling they were trained with.
struct PixelScaling {
  float scale = 1.0f / 255.0f;
  float offset = 0.0f;
  // MNIST standardisation, x = (p/255 - 0.1307) / 0.3081: zero mean, unit variance over the
  // training set, which trains the MLP noticeably faster than [0, 1] inputs.
  static PixelScaling mnist_standard() { return {1.0f / (255.0f * 0.3081f), -0.1307f / 0.3081f}; }
  bool operator==(const PixelScaling&) const = default;
};

// Assembles the batch x[N, sample_shape...] from the samples at `indices`, converting pixels
// to floats (x = p·scale + offset) in the same pass; float features are copied unchanged.
// No allocation once x has capacity.
void gather_batch(const Dataset& data, std::span<const std::size_t> indices, Tensor& x,
                  PixelScaling scaling = {});
// Labels of the samples at `indices` (sparse class indices).
void gather_labels(const Dataset& data, std::span<const std::size_t> indices,
                   std::vector<std::int32_t>& labels);
void gather_targets(const Dataset& data, std::span<const std::size_t> indices, Tensor& y);

// 0..count-1, shuffled deterministically by rng (used once per epoch).
void shuffled_order(std::vector<std::size_t>& order, std::size_t count, Rng& rng);

}  // namespace nnfs
