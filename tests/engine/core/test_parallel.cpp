// The thread pool: every index exactly once, static chunks, nesting, concurrent callers, and
// the sleep/wake path.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

#include "engine/core/parallel.h"

#if defined(__linux__)
#include <sched.h>
#endif

namespace {

struct RestoreThreads {
  int threads = nnfs::num_threads();
  ~RestoreThreads() { nnfs::set_num_threads(threads); }
};

}  // namespace

TEST_CASE("set_num_threads: positive values are kept, 0 means all hardware threads", "[parallel][concurrency]") {
  RestoreThreads restore;
  nnfs::set_num_threads(3);
  CHECK(nnfs::num_threads() == 3);
  nnfs::set_num_threads(0);
  const unsigned hw = std::thread::hardware_concurrency();
  CHECK(nnfs::num_threads() == (hw == 0 ? 1 : static_cast<int>(hw)));
  nnfs::set_num_threads(-5);
  CHECK(nnfs::num_threads() >= 1);
}

TEST_CASE("parallel_for covers 0..n-1 once in static contiguous chunks", "[parallel][concurrency]") {
  RestoreThreads restore;
  for (int threads : {1, 2, 3, 8}) {
    nnfs::set_num_threads(threads);
    for (std::size_t n : {0, 1, 2, 3, 7, 100, 1001}) {
      std::vector<std::atomic<int>> hits(n);
      std::atomic<int> calls{0}, empty{0};  // (Catch assertions are not thread-safe)
      nnfs::parallel_for(n, [&](std::size_t begin, std::size_t end) {
        if (begin >= end) empty++;
        for (std::size_t i = begin; i < end; ++i) hits[i]++;
        calls++;
      });
      CHECK(empty.load() == 0);
      for (std::size_t i = 0; i < n; ++i) REQUIRE(hits[i].load() == 1);
      const std::size_t expect_calls = std::min<std::size_t>(n, static_cast<std::size_t>(threads));
      CHECK(calls.load() == static_cast<int>(expect_calls));
    }
  }
}

TEST_CASE("parallel_tasks runs each task once, also with more tasks than threads", "[parallel][concurrency]") {
  RestoreThreads restore;
  nnfs::set_num_threads(2);
  for (int tasks : {1, 2, 5, 64}) {
    std::vector<std::atomic<int>> hits(static_cast<std::size_t>(tasks));
    nnfs::parallel_tasks(tasks, [&](int t) { hits[static_cast<std::size_t>(t)]++; });
    for (auto& h : hits) REQUIRE(h.load() == 1);
  }
}

TEST_CASE("parallel_tasks uses several threads and runs task 0 on the caller", "[parallel][concurrency]") {
  RestoreThreads restore;
  nnfs::set_num_threads(2);
  const auto caller = std::this_thread::get_id();
  std::thread::id ids[2];
  std::atomic<int> arrived{0};
  nnfs::parallel_tasks(2, [&](int t) {
    ids[t] = std::this_thread::get_id();
    arrived++;
    // Both tasks must be running at the same time for this to finish: proves concurrency.
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (arrived.load() < 2 && std::chrono::steady_clock::now() < give_up) std::this_thread::yield();
  });
  CHECK(arrived.load() == 2);
  CHECK(ids[0] == caller);
  CHECK(ids[1] != caller);
}

TEST_CASE("nested parallel calls run serially inside a task", "[parallel][concurrency]") {
  RestoreThreads restore;
  nnfs::set_num_threads(2);
  std::atomic<int> inner{0}, inside{0};
  CHECK_FALSE(nnfs::in_parallel_region());
  nnfs::parallel_tasks(2, [&](int) {
    if (nnfs::in_parallel_region()) inside++;
    nnfs::parallel_for(10, [&](std::size_t b, std::size_t e) { inner += static_cast<int>(e - b); });
  });
  CHECK(inside.load() == 2);
  CHECK(inner.load() == 20);
  CHECK_FALSE(nnfs::in_parallel_region());
}

TEST_CASE("two threads can use the pool at the same time", "[parallel][concurrency]") {
  RestoreThreads restore;
  nnfs::set_num_threads(2);
  std::atomic<long> total{0};
  auto hammer = [&] {
    for (int rep = 0; rep < 2000; ++rep)
      nnfs::parallel_for(100, [&](std::size_t b, std::size_t e) {
        long s = 0;
        for (std::size_t i = b; i < e; ++i) s += static_cast<long>(i);
        total += s;
      });
  };
  std::thread other(hammer);
  hammer();
  other.join();
  CHECK(total.load() == 2L * 2000L * (99L * 100L / 2L));
}

TEST_CASE("jobs after the workers went to sleep still run (wake-up path)", "[parallel][concurrency]") {
  RestoreThreads restore;
  nnfs::set_num_threads(2);
  for (int rep = 0; rep < 20; ++rep) {
    std::this_thread::sleep_for(std::chrono::microseconds(rep % 2 ? 50 : 400));
    std::atomic<int> count{0};
    nnfs::parallel_tasks(2, [&](int) { count++; });
    REQUIRE(count.load() == 2);
  }
  // Many tiny back-to-back jobs: the spinning path.
  std::atomic<int> count{0};
  for (int rep = 0; rep < 20000; ++rep) nnfs::parallel_tasks(2, [&](int) { count++; });
  CHECK(count.load() == 40000);
}

TEST_CASE("an exception in a task reaches the caller after all threads finished", "[parallel][concurrency]") {
  RestoreThreads restore;
  nnfs::set_num_threads(2);
  for (int thrower : {0, 1}) {
    std::atomic<int> finished{0};
    CHECK_THROWS_AS(nnfs::parallel_tasks(2,
                                         [&](int t) {
                                           if (t == thrower) throw std::runtime_error("task");
                                           std::this_thread::sleep_for(std::chrono::milliseconds(5));
                                           finished++;
                                         }),
                    std::runtime_error);
    CHECK(finished.load() == 1);
  }
  // The pool still works afterwards.
  std::atomic<int> count{0};
  nnfs::parallel_tasks(2, [&](int) { count++; });
  CHECK(count.load() == 2);
}

#if defined(__linux__)
TEST_CASE("workers stepping off the caller's CPU keep the CPUs they may run on", "[parallel][concurrency]") {
  RestoreThreads restore;
  nnfs::set_num_threads(2);
  cpu_set_t caller_mask;
  REQUIRE(sched_getaffinity(0, sizeof caller_mask, &caller_mask) == 0);
  int checked = 0, differing = 0;
  for (int rep = 0; rep < 50; ++rep) {
    // Pauses let the worker fall asleep, so it is woken (and possibly placed next to us).
    std::this_thread::sleep_for(std::chrono::microseconds(rep % 2 ? 300 : 20));
    const auto caller = std::this_thread::get_id();
    std::atomic<int> arrived{0};
    nnfs::parallel_tasks(2, [&](int) {
      // Each task waits for the other, so the worker runs one of them (unless it never wakes).
      arrived++;
      const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(5);
      while (arrived.load() < 2 && std::chrono::steady_clock::now() < give_up) std::this_thread::yield();
      if (std::this_thread::get_id() == caller) return;
      cpu_set_t mask;
      if (sched_getaffinity(0, sizeof mask, &mask) != 0) return;
      ++checked;
      if (!CPU_EQUAL(&mask, &caller_mask)) ++differing;
    });
  }
  CHECK(checked == 50);
  CHECK(differing == 0);
}
#endif
