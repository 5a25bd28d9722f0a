#include "engine/data/dataset.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>
#include <stdexcept>

#include "engine/core/error.h"
#include "engine/data/sample_view.h"

namespace nnfs {

namespace {

void check_indices(const Dataset& data, std::span<const std::size_t> indices, const char* who) {
  for (std::size_t i : indices)
    if (i >= data.count)
      throw std::out_of_range(std::string(who) + ": sample index " + std::to_string(i) +
                              " out of range for " + std::to_string(data.count) + " samples");
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

SplitRows split_validation(const Dataset& data, double fraction, std::uint64_t seed) {
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
  SplitRows rows;
  rows.validation.assign(cut, order.end());
  order.erase(cut, order.end());
  rows.train = std::move(order);
  return rows;
}

// The view of the whole dataset (sample_view.h) does the work: one implementation of gathering.
void gather_batch(const Dataset& data, std::span<const std::size_t> indices, Tensor& x,
                  PixelScaling scaling) {
  gather_batch(SampleView(data), indices, x, scaling);
}

void gather_labels(const Dataset& data, std::span<const std::size_t> indices,
                   std::vector<std::int32_t>& labels) {
  gather_labels(SampleView(data), indices, labels);
}

void gather_targets(const Dataset& data, std::span<const std::size_t> indices, Tensor& y) {
  gather_targets(SampleView(data), indices, y);
}

void shuffled_order(std::vector<std::size_t>& order, std::size_t count, Rng& rng) {
  order.resize(count);
  std::iota(order.begin(), order.end(), std::size_t{0});
  rng.shuffle(std::span<std::size_t>(order));
}

}  // namespace nnfs
