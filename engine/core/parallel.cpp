// Placeholder parallel runtime: runs on the calling thread until the thread pool lands.
#include "engine/core/parallel.h"

#include <atomic>
#include <thread>

namespace nnfs {

namespace {
std::atomic<int> g_threads{1};
}

void set_num_threads(int n) {
  if (n <= 0) n = static_cast<int>(std::thread::hardware_concurrency());
  g_threads.store(n < 1 ? 1 : n);
}

int num_threads() { return g_threads.load(); }

void parallel_for(std::size_t n, const std::function<void(std::size_t, std::size_t)>& fn) {
  if (n > 0) fn(0, n);
}

}  // namespace nnfs
