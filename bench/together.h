// Runs work(t) on `threads` threads that start together (each waits until all exist) and returns
// the slowest one's seconds: how the bench's machine ceilings (FMA peak, memory bandwidth) time
// all cores at once.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

namespace nnfs_bench {

template <class Work>
double slowest_of_together(int threads, const Work& work) {
  std::atomic<int> ready{0};
  std::vector<double> seconds(static_cast<std::size_t>(threads));
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t)
    pool.emplace_back([&, t] {
      ready.fetch_add(1);
      while (ready.load() < threads) std::this_thread::yield();
      const auto start = std::chrono::steady_clock::now();
      work(t);
      seconds[static_cast<std::size_t>(t)] =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    });
  for (std::thread& th : pool) th.join();
  return *std::max_element(seconds.begin(), seconds.end());
}

}  // namespace nnfs_bench
