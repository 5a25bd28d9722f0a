#include "engine/data/sample_view.h"

#include <cstring>
#include <stdexcept>
#include <string>

#include "engine/core/error.h"
#include "engine/core/parallel.h"

namespace nnfs {

namespace {

constexpr std::size_t kParallelRows = 32;  // smaller batches: one thread (waking one costs more)

// The batch shape [N, sample_shape...] built in a per-thread scratch Shape: Tensor::resize
// copies it into the tensor's own shape, so in steady state neither side allocates.
const Shape& batch_shape(std::size_t n, const Shape& sample_shape) {
  thread_local Shape shape;
  shape.clear();
  shape.push_back(n);
  shape.insert(shape.end(), sample_shape.begin(), sample_shape.end());
  return shape;
}

void check_mixable(const Dataset& a, const Dataset& b) {
  if (a.sample_shape != b.sample_shape || a.is_image() != b.is_image() || a.labels.empty() != b.labels.empty() ||
      a.targets.empty() != b.targets.empty() || a.target_dim != b.target_dim)
    throw Error(b.source + ": samples of shape " + shape_to_string(b.sample_shape) + " cannot be mixed with " +
                a.source + "'s " + shape_to_string(a.sample_shape));
  if (a.num_classes() != b.num_classes())
    throw Error(b.source + ": " + std::to_string(b.num_classes()) + " classes cannot be mixed with " + a.source +
                "'s " + std::to_string(a.num_classes()));
}

}  // namespace

SampleView::SampleView(const Dataset& first, std::vector<std::size_t> rows, const Dataset* second)
    : first_(&first), rows_(std::move(rows)), first_count_(rows_.empty() ? first.count : rows_.size()),
      second_(second) {
  for (const std::size_t r : rows_)
    if (r >= first.count)
      throw Error(first.source + ": row " + std::to_string(r) + " of a view is out of range for " +
                  std::to_string(first.count) + " samples");
  if (second_) check_mixable(first, *second_);
}

SampleView::Row SampleView::at(std::size_t i, const char* who) const {
  if (i < first_count_) return {first_, rows_.empty() ? i : rows_[i]};
  if (second_ && i - first_count_ < second_->count) return {second_, i - first_count_};
  throw std::out_of_range(std::string(who) + ": sample index " + std::to_string(i) + " out of range for " +
                          std::to_string(count()) + " samples");
}

void gather_batch(const SampleView& view, std::span<const std::size_t> indices, Tensor& x, PixelScaling scaling) {
  for (const std::size_t i : indices) view.at(i, "gather_batch");  // every index checked before any work
  const std::size_t d = view.sample_size();
  x.resize(batch_shape(indices.size(), view.sample_shape()));
  float* out = x.data();
  if (view.is_image()) {
    // x = p·scale + offset: one pass, no intermediate float copy of the dataset. Rows are
    // split over the threads (the rows are scattered over the dataset: memory-bound).
    const float scale = scaling.scale, offset = scaling.offset;
    parallel_ranges(indices.size(), kParallelRows, [&](std::size_t begin, std::size_t end) {
      for (std::size_t n = begin; n < end; ++n) {
        const SampleView::Row r = view.at(indices[n], "gather_batch");
        const std::uint8_t* src = r.data->pixels.data() + r.row * d;
        float* dst = out + n * d;
        for (std::size_t j = 0; j < d; ++j) dst[j] = static_cast<float>(src[j]) * scale + offset;
      }
    });
    return;
  }
  for (std::size_t n = 0; n < indices.size(); ++n) {
    const SampleView::Row r = view.at(indices[n], "gather_batch");
    if (r.data->features.size() < r.data->count * d)
      throw std::logic_error("gather_batch: dataset has neither pixels nor features");
    std::memcpy(out + n * d, r.data->features.data() + r.row * d, d * sizeof(float));
  }
}

void gather_labels(const SampleView& view, std::span<const std::size_t> indices, std::vector<std::int32_t>& labels) {
  if (!view.has_labels()) throw Error(view.first().source + ": the data has no labels");
  labels.resize(indices.size());
  for (std::size_t n = 0; n < indices.size(); ++n) {
    const SampleView::Row r = view.at(indices[n], "gather_labels");
    labels[n] = r.data->labels[r.row];
  }
}

void gather_targets(const SampleView& view, std::span<const std::size_t> indices, Tensor& y) {
  const Dataset& first = view.first();
  if (!view.has_targets() || first.target_dim == 0) throw Error(first.source + ": the data has no regression targets");
  for (const std::size_t i : indices) view.at(i, "gather_targets");
  const std::size_t k = first.target_dim;
  thread_local Shape shape;  // see batch_shape()
  shape.assign({indices.size(), k});
  y.resize(shape);
  for (std::size_t n = 0; n < indices.size(); ++n) {
    const SampleView::Row r = view.at(indices[n], "gather_targets");
    std::memcpy(y.data() + n * k, r.data->targets.data() + r.row * k, k * sizeof(float));
  }
}

// The rows are scattered over the whole dataset, which the hardware prefetcher cannot guess.
void prefetch_samples(const SampleView& view, std::span<const std::size_t> indices) {
  if (!view.is_image()) return;
  const std::size_t d = view.sample_size();
  for (const std::size_t i : indices) {
    if (i >= view.count()) continue;
    const SampleView::Row r = view.at(i, "prefetch_samples");
    const std::uint8_t* row = r.data->pixels.data() + r.row * d;
    for (std::size_t offset = 0; offset < d; offset += 64) __builtin_prefetch(row + offset);
  }
}

}  // namespace nnfs
