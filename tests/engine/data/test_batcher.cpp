#include <catch2/catch.hpp>

#include <numeric>

#include "engine/data/batcher.h"
#include "support/fixtures.h"

using namespace nnfs;

namespace {

std::vector<std::size_t> shuffled(std::size_t n, std::uint64_t seed) {
  std::vector<std::size_t> order;
  Rng rng(seed);
  shuffled_order(order, n, rng);
  return order;
}

}  // namespace

TEST_CASE("batcher: serves the epoch's batches in order, the last one short", "[data][batcher]") {
  const Dataset data = test::digit_patterns(45, 1);
  const auto order = shuffled(45, 2);
  Batcher batcher(data, PixelScaling::mnist_standard(), std::nullopt, 7);
  for (std::size_t epoch = 1; epoch <= 2; ++epoch) {
    batcher.start_epoch(order, 16, epoch);
    for (std::size_t step = 0; step < 3; ++step) {
      const Batch& b = batcher.next();
      const std::size_t n = step < 2 ? 16 : 13;
      const std::span<const std::size_t> idx(order.data() + step * 16, n);
      Tensor expected;
      gather_batch(data, idx, expected, PixelScaling::mnist_standard());
      REQUIRE(b.x.shape() == Shape{n, 28, 28});
      CHECK(test::same_bits(b.x, expected));
      for (std::size_t i = 0; i < n; ++i) CHECK(b.labels[i] == data.labels[idx[i]]);
    }
  }
}

TEST_CASE("batcher: starts mid-epoch when resuming", "[data][batcher]") {
  const Dataset data = test::digit_patterns(40, 1);
  std::vector<std::size_t> order(40);
  std::iota(order.begin(), order.end(), 0);
  Batcher batcher(data, {}, std::nullopt, 1);
  batcher.start_epoch(order, 10, 1, 2);
  CHECK(batcher.next().indices[0] == 20);
  CHECK(batcher.next().indices[0] == 30);
}

TEST_CASE("batcher: augmentation depends on seed, epoch and sample only", "[data][batcher][augment]") {
  const Dataset data = test::digit_patterns(30, 3);
  const auto order = shuffled(30, 4);
  auto images = [&](std::uint64_t seed, std::size_t epoch, std::size_t batch) {
    Batcher batcher(data, {}, AugmentConfig{}, seed);
    batcher.start_epoch(order, batch, epoch);
    std::vector<std::vector<float>> by_sample(30);
    for (std::size_t step = 0; step < (30 + batch - 1) / batch; ++step) {
      const Batch& b = batcher.next();
      for (std::size_t i = 0; i < b.indices.size(); ++i)
        by_sample[b.indices[i]].assign(b.x.data() + i * 784, b.x.data() + (i + 1) * 784);
    }
    return by_sample;
  };
  const auto a = images(1, 1, 8);
  CHECK(a == images(1, 1, 8));    // reproducible
  CHECK(a == images(1, 1, 5));    // whatever the batch a sample falls in
  CHECK(a != images(1, 2, 8));    // a new transform each epoch
  CHECK(a != images(2, 1, 8));    // and for each seed
  // Augmented, not copied: the image differs from the plain one.
  Tensor plain;
  const std::size_t first[] = {0};
  gather_batch(data, first, plain);
  CHECK(std::vector<float>(plain.data(), plain.data() + 784) != a[0]);
}

TEST_CASE("batcher: float features are never augmented", "[data][batcher][augment]") {
  const Dataset data = test::blobs(3, 4, 1);
  std::vector<std::size_t> order(12);
  std::iota(order.begin(), order.end(), 0);
  Batcher batcher(data, {}, AugmentConfig{}, 1);
  batcher.start_epoch(order, 12, 1);
  const Batch& b = batcher.next();
  for (std::size_t i = 0; i < b.x.size(); ++i) CHECK(b.x[i] == data.features[i]);
}

TEST_CASE("batcher: a loader error reaches the trainer, abandoning an epoch is safe", "[data][batcher]") {
  const Dataset data = test::digit_patterns(10, 1);
  const std::vector<std::size_t> bad = {0, 1, 99};
  {
    Batcher batcher(data, {}, std::nullopt, 1);
    batcher.start_epoch(bad, 3, 1);
    CHECK_THROWS_AS(batcher.next(), std::out_of_range);
  }
  Batcher batcher(data, {}, AugmentConfig{}, 1);
  std::vector<std::size_t> order(10);
  std::iota(order.begin(), order.end(), 0);
  batcher.start_epoch(order, 2, 1);
  batcher.next();
  batcher.start_epoch(order, 5, 2);  // the loader may be filling batch 2 of epoch 1
  CHECK(batcher.next().indices.size() == 5);
}  // destroyed with a batch prepared but not taken
