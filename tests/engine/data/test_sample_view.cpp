#include "engine/data/sample_view.h"

#include <catch2/catch.hpp>
#include <numeric>

#include "data_test_util.h"
#include "engine/data/batcher.h"

using namespace nnfs;
using nnfs::test::error_of;
using nnfs::test::tiny_images;

namespace {

// Two images datasets whose every pixel of sample n is n + base, so a gathered row names its source.
Dataset numbered(std::size_t count, std::uint8_t base, const std::string& source) {
  Dataset d = tiny_images(count);
  d.source = source;
  for (std::size_t n = 0; n < count; ++n)
    std::fill_n(d.pixels.begin() + static_cast<std::ptrdiff_t>(n * d.sample_size()), d.sample_size(),
                static_cast<std::uint8_t>(base + n));
  return d;
}

// The view's samples at `indices`, gathered, against the same samples of the copy `expected`.
void check_same_batches(const SampleView& view, const Dataset& expected, const std::vector<std::size_t>& indices) {
  Tensor a, b;
  gather_batch(view, indices, a, {});
  gather_batch(expected, indices, b, {});
  REQUIRE(a.shape() == b.shape());
  CHECK(std::equal(a.data(), a.data() + a.size(), b.data()));
  std::vector<std::int32_t> la, lb;
  gather_labels(view, indices, la);
  gather_labels(expected, indices, lb);
  CHECK(la == lb);
}

}  // namespace

TEST_CASE("sample view: rows of one dataset then a second, as the copies they replace", "[data]") {
  const Dataset main = numbered(10, 0, "main"), extra = numbered(3, 100, "extra");
  const std::vector<std::size_t> rows{1, 4, 5, 9};
  const SampleView view(main, rows, &extra);
  REQUIRE(view.count() == 7);
  CHECK(view.at(0, "t").data == &main);
  CHECK(view.at(3, "t").row == 9);
  CHECK(view.at(4, "t").data == &extra);
  CHECK(view.at(6, "t").row == 2);
  CHECK_THROWS_AS(view.at(7, "t"), std::out_of_range);

  // What the training loop used to build: the rows copied, the extra samples appended.
  Dataset copy = main.subset(rows);
  copy.count += extra.count;
  copy.pixels.insert(copy.pixels.end(), extra.pixels.begin(), extra.pixels.end());
  copy.labels.insert(copy.labels.end(), extra.labels.begin(), extra.labels.end());
  check_same_batches(view, copy, {6, 0, 3, 4, 2, 5, 1});
}

TEST_CASE("sample view: augmented batches equal those of the copy (numbered by the view)", "[data]") {
  const Dataset main = numbered(12, 0, "main"), extra = numbered(4, 50, "extra");
  const std::vector<std::size_t> rows{0, 2, 3, 7, 8, 11};
  Dataset copy = main.subset(rows);
  copy.count += extra.count;
  copy.pixels.insert(copy.pixels.end(), extra.pixels.begin(), extra.pixels.end());
  copy.labels.insert(copy.labels.end(), extra.labels.begin(), extra.labels.end());
  AugmentConfig augment;
  Batcher from_view(SampleView(main, rows, &extra), {}, augment, 3), from_copy(copy, {}, augment, 3);
  std::vector<std::size_t> order(copy.count);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::reverse(order.begin(), order.end());
  from_view.start_epoch(order, 4, 2);
  from_copy.start_epoch(order, 4, 2);
  for (int step = 0; step < 3; ++step) {
    const Batch& a = from_view.next();
    const Batch& b = from_copy.next();
    REQUIRE(a.x.size() == b.x.size());
    CHECK(std::equal(a.x.data(), a.x.data() + a.x.size(), b.x.data()));
    CHECK(a.labels == b.labels);
  }
}

TEST_CASE("sample view: bad rows and datasets that cannot be mixed are errors", "[data]") {
  const Dataset main = numbered(5, 0, "main.csv");
  CHECK_THAT(error_of([&] { SampleView(main, {0, 5}, nullptr); }),
             Catch::Contains("main.csv") && Catch::Contains("row 5") && Catch::Contains("5 samples"));
  Dataset other = numbered(2, 0, "other");
  other.sample_shape = {2, 392};
  CHECK_THAT(error_of([&] { SampleView(main, {}, &other); }),
             Catch::Contains("other") && Catch::Contains("cannot be mixed"));
  Dataset fewer = numbered(2, 0, "fewer");
  fewer.class_names.pop_back();
  CHECK_THAT(error_of([&] { SampleView(main, {}, &fewer); }), Catch::Contains("classes cannot be mixed"));
  Tensor x;
  CHECK_THROWS_AS(gather_batch(SampleView(main), std::vector<std::size_t>{5}, x, {}), std::out_of_range);
}
