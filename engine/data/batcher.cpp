#include "engine/data/batcher.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace nnfs {

namespace {

// The per-sample generator: a function of (seed, epoch, sample) only.
Rng sample_rng(std::uint64_t seed, std::size_t epoch, std::size_t sample) {
  return Rng(seed * 0x9E3779B97F4A7C15ull + static_cast<std::uint64_t>(epoch) * 0xBF58476D1CE4E5B9ull +
             static_cast<std::uint64_t>(sample));
}

}  // namespace

Batcher::Batcher(SampleView data, PixelScaling scaling, std::optional<AugmentConfig> augment, std::uint64_t seed)
    : data_(std::move(data)), scaling_(scaling), augment_(augment), seed_(seed) {
  // Augmentation needs images: pixels with a [H, W] or [C, H, W] sample shape.
  if (!data_.is_image() || data_.sample_shape().size() < 2 || data_.sample_shape().size() > 3) augment_.reset();
  if (augment_) augment_->validate();
  if (augment_) loader_ = std::thread([this] { loader_loop(); });
}

Batcher::~Batcher() {
  if (!loader_.joinable()) return;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  loader_.join();
}

void Batcher::assemble(std::span<const std::size_t> indices, std::size_t epoch, Batch& out) const {
  out.indices = indices;
  if (!augment_) {
    gather_batch(data_, indices, out.x, scaling_);
  } else {
    const Shape& s = data_.sample_shape();
    const std::size_t h = s[s.size() - 2], w = s[s.size() - 1], planes = s.size() == 3 ? s[0] : 1;
    const std::size_t d = data_.sample_size();
    thread_local Shape shape;  // reused: no allocation per batch
    shape.assign({indices.size()});
    shape.insert(shape.end(), s.begin(), s.end());
    out.x.resize(shape);
    for (std::size_t i = 0; i < indices.size(); ++i) {
      const SampleView::Row row = data_.at(indices[i], "Batcher");
      Rng rng = sample_rng(seed_, epoch, indices[i]);
      const Affine2D m = random_affine(*augment_, h, w, rng);
      warp_affine(row.data->pixels.data() + row.row * d, planes, h, w, m, scaling_, out.x.data() + i * d);
    }
  }
  if (data_.has_labels()) gather_labels(data_, indices, out.labels);
  else out.labels.clear();
  if (data_.has_targets()) gather_targets(data_, indices, out.targets);
}

void Batcher::start_epoch(std::span<const std::size_t> order, std::size_t batch, std::size_t epoch,
                          std::size_t first_step) {
  {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return !filling_; });  // the loader may be reading order_
    order_.assign(order.begin(), order.end());
    batch_ = batch == 0 ? 1 : batch;
    epoch_ = epoch;
    steps_ = (order_.size() + batch_ - 1) / batch_;
    next_fill_ = next_take_ = first_step;
    error_ = nullptr;
  }
  changed_.notify_all();
}

const Batch& Batcher::next() {
  std::unique_lock lock(mutex_);
  if (next_take_ >= steps_) throw std::logic_error("Batcher::next past the end of the epoch");
  if (!loader_.joinable()) {  // no augmentation: assemble here, and prefetch the next batch
    const std::size_t step = next_take_++;
    auto samples = [&](std::size_t k) -> std::span<const std::size_t> {
      const std::size_t begin = std::min(order_.size(), k * batch_), end = std::min(order_.size(), begin + batch_);
      return {order_.data() + begin, end - begin};
    };
    assemble(samples(step), epoch_, slots_[0]);
    prefetch_samples(data_, samples(step + 1));
    return slots_[0];
  }
  changed_.wait(lock, [&] { return error_ || next_fill_ > next_take_; });
  if (error_) std::rethrow_exception(error_);
  const std::size_t step = next_take_++;
  lock.unlock();
  changed_.notify_all();  // the loader may now fill the other slot
  return slots_[step % 2];
}

// Fills step k into slot k % 2 once the trainer holds at most step k - 1 (the other slot).
void Batcher::loader_loop() {
  std::unique_lock lock(mutex_);
  for (;;) {
    changed_.wait(lock, [&] { return stopping_ || (!error_ && next_fill_ < steps_ && next_fill_ <= next_take_); });
    if (stopping_) return;
    const std::size_t step = next_fill_;
    const std::size_t begin = step * batch_, end = std::min(order_.size(), begin + batch_);
    const std::span<const std::size_t> indices(order_.data() + begin, end - begin);
    Batch& slot = slots_[step % 2];
    const std::size_t epoch = epoch_;
    filling_ = true;
    lock.unlock();
    std::exception_ptr error;
    try {
      assemble(indices, epoch, slot);
    } catch (...) {
      error = std::current_exception();
    }
    lock.lock();
    filling_ = false;
    if (error) error_ = error;
    else next_fill_ = step + 1;
    changed_.notify_all();
  }
}

}  // namespace nnfs
