#include "engine/data/dataset.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>
#include <stdexcept>

#include "engine/core/error.h"
#include "engine/core/parallel.h"

namespace nnfs {

namespace {

constexpr std::size_t kParallelRows = 32;  // smaller batches: one thread (waking one costs more)

void check_indices(const Dataset& data, std::span<const std::size_t> indices, const char* who) {
  for (std::size_t i : indices)
    if (i >= data.count)
      throw std::out_of_range(std::string(who) + ": sample index " + std::to_string(i) +
                              " out of range for " + std::to_string(data.count) + " samples");
}

// The batch shape [N, sample_shape...] built in a per-thread scratch Shape: Tensor::resize
// copies it into the tensor's own shape, so in steady state neither side allocates.
const Shape& batch_shape(std::size_t n, const Shape& sample_shape) {
  thread_local Shape shape;
  shape.clear();
  shape.push_back(n);
  shape.insert(shape.end(), sample_shape.begin(), sample_shape.end());
  return shape;
}

}  // namespace

Dataset Dataset::subset(std::span<const std::size_t> indices) const {
  check_indices(*this, indices, "Dataset::subset");
  Dataset out;
  out.source = source;
  out.count = indices.size();
  out.sample_shape = sample_shape;
  out.target_dim = target_dim;
  out.class_names = class_names;
  const std::size_t d = sample_size();
  if (!pixels.empty()) {
    out.pixels.resize(indices.size() * d);
    for (std::size_t n = 0; n < indices.size(); ++n)
      std::memcpy(&out.pixels[n * d], &pixels[indices[n] * d], d);
  } else if (!features.empty()) {
    out.features.resize(indices.size() * d);
    for (std::size_t n = 0; n < indices.size(); ++n)
      std::memcpy(&out.features[n * d], &features[indices[n] * d], d * sizeof(float));
  }
  if (!labels.empty()) {
    out.labels.resize(indices.size());
    for (std::size_t n = 0; n < indices.size(); ++n) out.labels[n] = labels[indices[n]];
  }
  if (!targets.empty()) {
    out.targets.resize(indices.size() * target_dim);
    for (std::size_t n = 0; n < indices.size(); ++n)
      std::memcpy(&out.targets[n * target_dim], &targets[indices[n] * target_dim],
                  target_dim * sizeof(float));
  }
  return out;
}

std::vector<std::string> digit_class_names() {
  std::vector<std::string> names;
  for (char c = '0'; c <= '9'; ++c) names.emplace_back(1, c);
  return names;
}

TrainValidation split_validation(const Dataset& data, double fraction, std::uint64_t seed) {
  if (!(fraction >= 0.0 && fraction < 1.0))
    throw Error("validation fraction must be in [0, 1), got " + std::to_string(fraction));
  const auto n_val = static_cast<std::size_t>(std::llround(fraction * static_cast<double>(data.count)));
  if (data.count > 0 && n_val >= data.count)
    throw Error(data.source + ": validation fraction " + std::to_string(fraction) +
                " leaves no training samples out of " + std::to_string(data.count));
  std::vector<std::size_t> order;
  Rng rng(seed);
  shuffled_order(order, data.count, rng);
  // Each part keeps the file's order: the split is random, the layout stays familiar.
  const auto cut = order.begin() + static_cast<std::ptrdiff_t>(data.count - n_val);
  std::sort(order.begin(), cut);
  std::sort(cut, order.end());
  const std::span<const std::size_t> all(order);
  return TrainValidation{data.subset(all.first(data.count - n_val)),
                         data.subset(all.subspan(data.count - n_val))};
}

void gather_batch(const Dataset& data, std::span<const std::size_t> indices, Tensor& x,
                  PixelScaling scaling) {
  check_indices(data, indices, "gather_batch");
  const std::size_t d = data.sample_size();
  x.resize(batch_shape(indices.size(), data.sample_shape));
  float* out = x.data();
  if (data.is_image()) {
    // x = p·scale + offset: one pass, no intermediate float copy of the dataset. Rows are
    // split over the threads (the rows are scattered over the dataset: memory-bound).
    const float scale = scaling.scale, offset = scaling.offset;
    parallel_ranges(indices.size(), kParallelRows, [&](std::size_t begin, std::size_t end) {
      for (std::size_t n = begin; n < end; ++n) {
        const std::uint8_t* src = data.pixels.data() + indices[n] * d;
        float* dst = out + n * d;
        for (std::size_t j = 0; j < d; ++j) dst[j] = static_cast<float>(src[j]) * scale + offset;
      }
    });
  } else {
    if (data.features.size() < data.count * d)
      throw std::logic_error("gather_batch: dataset has neither pixels nor features");
    for (std::size_t n = 0; n < indices.size(); ++n)
      std::memcpy(out + n * d, data.features.data() + indices[n] * d, d * sizeof(float));
  }
}

void gather_labels(const Dataset& data, std::span<const std::size_t> indices,
                   std::vector<std::int32_t>& labels) {
  if (data.labels.empty()) throw Error(data.source + ": the data has no labels");
  check_indices(data, indices, "gather_labels");
  labels.resize(indices.size());
  for (std::size_t n = 0; n < indices.size(); ++n) labels[n] = data.labels[indices[n]];
}

void gather_targets(const Dataset& data, std::span<const std::size_t> indices, Tensor& y) {
  if (data.targets.empty() || data.target_dim == 0)
    throw Error(data.source + ": the data has no regression targets");
  check_indices(data, indices, "gather_targets");
  const std::size_t k = data.target_dim;
  thread_local Shape shape;  // see batch_shape()
  shape.assign({indices.size(), k});
  y.resize(shape);
  for (std::size_t n = 0; n < indices.size(); ++n)
    std::memcpy(y.data() + n * k, data.targets.data() + indices[n] * k, k * sizeof(float));
}

void shuffled_order(std::vector<std::size_t>& order, std::size_t count, Rng& rng) {
  order.resize(count);
  std::iota(order.begin(), order.end(), std::size_t{0});
  rng.shuffle(std::span<std::size_t>(order));
}

}  // namespace nnfs
