// The studio's per-frame polling without a window, for the controller tests
// (test_training_controller.cpp, test_teach_flow.cpp).
#pragma once

#include <catch2/catch.hpp>
#include <chrono>
#include <thread>

#include "app/studio/app_state.h"
#include "app/studio/teach_flow.h"
#include "app/studio/training_controller.h"

namespace nnfs::test {

// Polls as the frame loop does (training, then teaching) until `done()`; gives up after 2 minutes,
// far beyond what any of these runs takes, so a hang fails instead of blocking the suite.
template <typename F>
void poll_until(studio::AppState& s, F&& done) {
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::minutes(2);
  while (!done()) {
    REQUIRE(std::chrono::steady_clock::now() < give_up);
    studio::poll_training(s);
    studio::poll_teach(s);
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
}

}  // namespace nnfs::test
