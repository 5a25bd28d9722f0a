// Tensor's storage contract: resize() never allocates or clears when the storage suffices, a
// buffer grown back after shrinking is not zero-filled again, and copies and moves carry only the
// elements in use.
#include <catch2/catch.hpp>

#include <utility>

#include "engine/core/tensor.h"

using namespace nnfs;

TEST_CASE("tensor: resize keeps the storage and clears only new storage", "[core][tensor]") {
  Tensor t({4, 3}, 7.0f);
  const float* storage = t.data();
  t.resize({2, 3});
  CHECK(t.size() == 6);
  CHECK(t.cols() == 3);
  CHECK(t.data() == storage);
  t.resize({4, 3});  // grown back: the same storage, old values (not cleared)
  CHECK(t.data() == storage);
  CHECK(t[11] == 7.0f);
  t.fill(1.0f);
  t.resize({2, 2});
  t.fill(2.0f);  // fills only the elements in use
  t.resize({4, 3});
  CHECK(t[3] == 2.0f);
  CHECK(t[4] == 1.0f);

  Tensor fresh;
  CHECK(fresh.empty());
  fresh.resize({5});  // storage it never held starts at zero
  for (std::size_t i = 0; i < 5; ++i) CHECK(fresh[i] == 0.0f);
}

TEST_CASE("tensor: copies and moves carry the elements in use", "[core][tensor]") {
  Tensor big({100}, 3.0f);
  big.resize({2, 2});
  big.fill(5.0f);
  const Tensor copy = big;
  CHECK(copy.shape() == Shape{2, 2});
  CHECK(copy.size() == 4);
  CHECK(copy[3] == 5.0f);
  Tensor assigned({1}, 0.0f);
  assigned = big;
  CHECK(assigned.size() == 4);
  CHECK(assigned[0] == 5.0f);

  Tensor moved = std::move(big);
  CHECK(moved.size() == 4);
  CHECK(moved[2] == 5.0f);
  CHECK(big.empty());  // NOLINT(bugprone-use-after-move): a moved-from tensor is empty
  CHECK(big.shape().empty());
  Tensor target({3}, 1.0f);
  target = std::move(moved);
  CHECK(target.size() == 4);
  CHECK(moved.empty());  // NOLINT(bugprone-use-after-move)
}
