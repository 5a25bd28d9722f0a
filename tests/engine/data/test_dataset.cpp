#include "engine/data/dataset.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <numeric>
#include <set>

#include "data_test_util.h"

using namespace nnfs;
using nnfs::test::error_of;
using nnfs::test::tiny_images;

namespace {

// count samples of 2 features each; feature 0 is the sample's index, so a subset shows which
// samples it holds. Targets are 10 * index.
Dataset indexed_features(std::size_t count) {
  Dataset d;
  d.source = "points";
  d.count = count;
  d.sample_shape = {2};
  for (std::size_t i = 0; i < count; ++i) {
    d.features.push_back(static_cast<float>(i));
    d.features.push_back(-1.0f);
    d.labels.push_back(static_cast<std::int32_t>(i % 3));
    d.targets.push_back(10.0f * static_cast<float>(i));
  }
  d.target_dim = 1;
  d.class_names = {"a", "b", "c"};
  return d;
}

std::vector<std::size_t> ids_of(const Dataset& d) {
  std::vector<std::size_t> ids;
  for (std::size_t n = 0; n < d.count; ++n) ids.push_back(static_cast<std::size_t>(d.features[n * 2]));
  return ids;
}

}  // namespace

TEST_CASE("digit_class_names are 0..9", "[data]") {
  const auto names = digit_class_names();
  REQUIRE(names.size() == 10);
  CHECK(names.front() == "0");
  CHECK(names.back() == "9");
}

TEST_CASE("Dataset basic queries", "[data]") {
  const Dataset img = tiny_images(3, 4, 5);
  CHECK(img.sample_size() == 20);
  CHECK(img.is_image());
  CHECK(img.labelled());
  CHECK(img.num_classes() == 10);
  Dataset unlabelled = img;
  unlabelled.labels.clear();
  CHECK_FALSE(unlabelled.labelled());
}

TEST_CASE("subset copies the chosen samples in the given order", "[data]") {
  const Dataset img = tiny_images(5, 2, 3);
  const std::vector<std::size_t> idx = {4, 0, 4};
  const Dataset s = img.subset(idx);
  REQUIRE(s.count == 3);
  CHECK(s.sample_shape == img.sample_shape);
  CHECK(s.class_names == img.class_names);
  CHECK(s.source == img.source);
  for (std::size_t n = 0; n < 3; ++n) {
    CHECK(std::equal(s.pixels.begin() + static_cast<long>(n * 6), s.pixels.begin() + static_cast<long>(n * 6 + 6),
                     img.pixels.begin() + static_cast<long>(idx[n] * 6)));
    CHECK(s.labels[n] == img.labels[idx[n]]);
  }

  const Dataset f = indexed_features(6);
  const Dataset fs = f.subset(std::vector<std::size_t>{5, 2});
  CHECK(ids_of(fs) == std::vector<std::size_t>{5, 2});
  CHECK(fs.targets == std::vector<float>{50.0f, 20.0f});
  CHECK(fs.target_dim == 1);
  CHECK(fs.pixels.empty());

  CHECK_THROWS_AS(f.subset(std::vector<std::size_t>{6}), std::out_of_range);
}

TEST_CASE("gather_batch converts pixels to p/255 with shape N x H x W", "[data]") {
  Dataset img = tiny_images(4, 2, 3);
  img.pixels[6] = 0;    // sample 1, first pixel
  img.pixels[7] = 255;  // sample 1, second pixel
  Tensor x;
  const std::vector<std::size_t> idx = {1, 3};
  gather_batch(img, idx, x);
  REQUIRE(x.shape() == Shape{2, 2, 3});
  CHECK(x[0] == 0.0f);
  CHECK(x[1] == Approx(1.0f).epsilon(1e-6));
  for (std::size_t n = 0; n < 2; ++n)
    for (std::size_t j = 0; j < 6; ++j)
      CHECK(x[n * 6 + j] == Approx(img.pixels[idx[n] * 6 + j] / 255.0f).epsilon(1e-6));
}

TEST_CASE("gather_batch reuses the tensor's storage", "[data]") {
  const Dataset img = tiny_images(10, 4, 4);
  Tensor x;
  const std::vector<std::size_t> big = {0, 1, 2, 3, 4, 5, 6, 7};
  gather_batch(img, big, x);
  const float* storage = x.data();
  const std::vector<std::size_t> small = {9, 8, 7};
  gather_batch(img, small, x);
  CHECK(x.shape() == Shape{3, 4, 4});
  CHECK(x.data() == storage);
  gather_batch(img, big, x);
  CHECK(x.data() == storage);
  CHECK_THROWS_AS(gather_batch(img, std::vector<std::size_t>{10}, x), std::out_of_range);
}

TEST_CASE("gather_batch copies float features", "[data]") {
  const Dataset f = indexed_features(5);
  Tensor x;
  gather_batch(f, std::vector<std::size_t>{3, 1}, x);
  REQUIRE(x.shape() == Shape{2, 2});
  CHECK(x[0] == 3.0f);
  CHECK(x[1] == -1.0f);
  CHECK(x[2] == 1.0f);
}

TEST_CASE("gather_labels and gather_targets", "[data]") {
  const Dataset f = indexed_features(5);
  std::vector<std::int32_t> labels;
  gather_labels(f, std::vector<std::size_t>{4, 0, 2}, labels);
  CHECK(labels == std::vector<std::int32_t>{1, 0, 2});
  Tensor y;
  gather_targets(f, std::vector<std::size_t>{4, 0}, y);
  REQUIRE(y.shape() == Shape{2, 1});
  CHECK(y[0] == 40.0f);
  CHECK(y[1] == 0.0f);

  Dataset bare = tiny_images(2, 2, 2);
  bare.labels.clear();
  CHECK_THAT(error_of([&] { gather_labels(bare, std::vector<std::size_t>{0}, labels); }),
             Catch::Contains("no labels"));
  CHECK_THAT(error_of([&] { gather_targets(bare, std::vector<std::size_t>{0}, y); }),
             Catch::Contains("no regression targets"));
}

TEST_CASE("shuffled_order is a deterministic permutation", "[data]") {
  std::vector<std::size_t> a, b, c;
  Rng r1(42), r2(42), r3(43);
  shuffled_order(a, 100, r1);
  shuffled_order(b, 100, r2);
  shuffled_order(c, 100, r3);
  CHECK(a == b);
  CHECK(a != c);
  std::vector<std::size_t> sorted = a;
  std::sort(sorted.begin(), sorted.end());
  std::vector<std::size_t> expected(100);
  std::iota(expected.begin(), expected.end(), std::size_t{0});
  CHECK(sorted == expected);
  // The next epoch from the same generator is a different order.
  shuffled_order(b, 100, r2);
  CHECK(a != b);
  shuffled_order(a, 0, r1);
  CHECK(a.empty());
}

TEST_CASE("split_validation partitions the rows deterministically", "[data]") {
  const Dataset f = indexed_features(100);
  const SplitRows s = split_validation(f, 0.2, 7);
  REQUIRE(s.train.size() == 80);
  REQUIRE(s.validation.size() == 20);
  CHECK(std::is_sorted(s.train.begin(), s.train.end()));  // each part keeps file order
  CHECK(std::is_sorted(s.validation.begin(), s.validation.end()));
  std::set<std::size_t> all(s.train.begin(), s.train.end());
  all.insert(s.validation.begin(), s.validation.end());
  CHECK(all.size() == 100);  // disjoint and complete
  CHECK(*all.rbegin() == 99);

  CHECK(split_validation(f, 0.2, 7).validation == s.validation);
  CHECK(split_validation(f, 0.2, 8).validation != s.validation);
  // Not simply the last 20 samples.
  CHECK(s.validation != std::vector<std::size_t>{80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93,
                                                 94, 95, 96, 97, 98, 99});

  const SplitRows none = split_validation(f, 0.0, 7);
  CHECK(none.train.size() == 100);
  CHECK(none.validation.empty());
}

TEST_CASE("split_validation rejects bad fractions", "[data]") {
  const Dataset f = indexed_features(4);
  CHECK_THAT(error_of([&] { split_validation(f, 1.0, 1); }), Catch::Contains("[0, 1)"));
  CHECK_THAT(error_of([&] { split_validation(f, -0.1, 1); }), Catch::Contains("[0, 1)"));
  CHECK_THAT(error_of([&] { split_validation(f, 0.9, 1); }), Catch::Contains("no training samples"));
}
