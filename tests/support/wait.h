// Waiting for another thread in a test: polls `done()` (yielding the core) and fails the test
// after two minutes instead of hanging it on a deadlock. Not a time limit on the work itself:
// every wait is for something that happens within a few batches.
#pragma once

#include <catch2/catch.hpp>
#include <chrono>
#include <thread>

namespace nnfs::test {

template <typename F>
void wait_until(F&& done) {
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::minutes(2);
  while (!done()) {
    REQUIRE(std::chrono::steady_clock::now() < give_up);
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
}

}  // namespace nnfs::test
