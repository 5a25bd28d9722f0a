// The engine's thread pool: persistent workers, a generation counter to publish jobs, spin-then-
// sleep waiting. Why this shape (see also parallel.h):
//
//  * The kernels it serves are short: an MLP training step is a few dozen GEMMs of 5-300 µs
//    each. Creating threads per call (~20-50 µs) or waking sleeping threads through the kernel
//    on every call (a futex wake is 5-20 µs in a VM) would cost as much as the work, so workers
//    spin on an atomic for a short while after each job and only then block on a condition
//    variable. Spinning is bounded in time (kSpin) so an idle engine does not burn a core.
//  * Tasks are statically assigned: task t always runs on thread t mod T. There is no work
//    stealing; callers that need determinism partition their output, not their reductions.
//  * The job state (generation << 16 | thread count) is one atomic word, so a worker that was
//    not part of one job can never mistake the next job for it.
#include "engine/core/parallel.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

namespace nnfs {

namespace {

constexpr auto kSpin = std::chrono::microseconds(100);  // worker spin before sleeping

inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  _mm_pause();
#else
  std::this_thread::yield();
#endif
}

int hardware_threads() {
  const unsigned hw = std::thread::hardware_concurrency();
  return hw == 0 ? 1 : static_cast<int>(std::min(hw, 256u));
}

int default_threads() {
  if (const char* env = std::getenv("NNFS_NUM_THREADS")) {
    const long v = std::strtol(env, nullptr, 10);
    if (v > 0) return static_cast<int>(std::min(v, 256L));
  }
  return hardware_threads();
}

std::atomic<int>& thread_setting() {
  static std::atomic<int> threads{default_threads()};
  return threads;
}

thread_local bool t_in_task = false;

// Runs tasks index, index + stride, ... < tasks with the nested-call guard set.
void run_strided(const TaskRef& fn, int index, int stride, int tasks) {
  struct Guard {
    bool outer = t_in_task;
    Guard() { t_in_task = true; }
    ~Guard() { t_in_task = outer; }
  } guard;
  for (int t = index; t < tasks; t += stride) fn(t);
}

class Pool {
 public:
  ~Pool() {
    {
      std::lock_guard<std::mutex> lock(sleep_mutex_);
      stop_.store(true);
    }
    wake_.notify_all();
    for (std::thread& w : workers_) w.join();
  }

  // Runs the job on `threads` threads (caller included). Returns false, having run nothing,
  // when another thread is using the pool.
  bool try_run(int threads, int tasks, const TaskRef& fn) {
    std::unique_lock<std::mutex> busy(run_mutex_, std::try_to_lock);
    if (!busy.owns_lock()) return false;
    while (static_cast<int>(workers_.size()) < threads - 1) {
      // The worker must start from the state before this job is published, or it could read
      // the new state as its starting point and never run this job.
      const int id = static_cast<int>(workers_.size()) + 1;
      const std::uint64_t before = state_.load();
      workers_.emplace_back([this, id, before] { worker_main(id, before); });
    }
    job_ = &fn;
    job_tasks_ = tasks;
    pending_.store(threads - 1, std::memory_order_relaxed);
    const std::uint64_t generation = (state_.load(std::memory_order_relaxed) >> 16) + 1;
    state_.store(generation << 16 | static_cast<std::uint64_t>(threads));  // seq_cst: see wait
    if (sleepers_.load() > 0) {
      { std::lock_guard<std::mutex> lock(sleep_mutex_); }
      wake_.notify_all();
    }
    std::exception_ptr error;
    try {
      run_strided(fn, 0, threads, tasks);
    } catch (...) {
      error = std::current_exception();
    }
    // Wait for the workers even when task 0 threw: they still use fn.
    for (int spin = 0; pending_.load(std::memory_order_acquire) != 0; ++spin) {
      if (spin < 1 << 14) cpu_relax();
      else std::this_thread::yield();
    }
    if (!error && worker_error_) error = worker_error_;
    worker_error_ = nullptr;
    if (error) std::rethrow_exception(error);
    return true;
  }

 private:
  std::uint64_t wait_for_job(std::uint64_t seen) {
    const auto start = std::chrono::steady_clock::now();
    for (unsigned i = 1;; ++i) {
      const std::uint64_t s = state_.load(std::memory_order_acquire);
      if (s != seen || stop_.load(std::memory_order_relaxed)) return s;
      cpu_relax();
      if ((i & 63) == 0 && std::chrono::steady_clock::now() - start > kSpin) break;
    }
    // Sleep. sleepers_ is raised before the state is re-read (both seq_cst) and the publisher
    // stores the state before reading sleepers_, so one of the two always sees the other.
    std::unique_lock<std::mutex> lock(sleep_mutex_);
    sleepers_.fetch_add(1);
    wake_.wait(lock, [&] { return state_.load() != seen || stop_.load(); });
    sleepers_.fetch_sub(1);
    return state_.load(std::memory_order_acquire);
  }

  void worker_main(int id, std::uint64_t seen) {
    for (;;) {
      seen = wait_for_job(seen);
      if (stop_.load()) return;
      const int threads = static_cast<int>(seen & 0xffff);
      if (id >= threads) continue;  // not part of this job; job_ may already be changing
      try {
        run_strided(*job_, id, threads, job_tasks_);
      } catch (...) {
        std::lock_guard<std::mutex> lock(error_mutex_);
        if (!worker_error_) worker_error_ = std::current_exception();
      }
      pending_.fetch_sub(1, std::memory_order_acq_rel);
    }
  }

  std::mutex run_mutex_;                  // held by the thread that owns the current job
  std::vector<std::thread> workers_;      // worker i has id i + 1; the caller is id 0
  std::atomic<std::uint64_t> state_{0};   // generation << 16 | threads of the current job
  std::atomic<int> pending_{0};           // workers still running the current job
  std::atomic<int> sleepers_{0};
  std::atomic<bool> stop_{false};
  std::mutex sleep_mutex_;
  std::condition_variable wake_;
  const TaskRef* job_ = nullptr;  // stable while pending_ > 0
  int job_tasks_ = 0;
  std::mutex error_mutex_;
  std::exception_ptr worker_error_;  // first exception thrown by a worker's task
};

Pool& pool() {
  static Pool instance;
  return instance;
}

}  // namespace

void set_num_threads(int n) {
  if (n <= 0) n = hardware_threads();
  thread_setting().store(std::min(n, 256));
}

int num_threads() { return thread_setting().load(); }

bool in_parallel_region() { return t_in_task; }

void parallel_tasks(int tasks, TaskRef fn) {
  if (tasks <= 0) return;
  const int threads = std::min(tasks, num_threads());
  if (threads <= 1 || t_in_task || !pool().try_run(threads, tasks, fn)) run_strided(fn, 0, 1, tasks);
}

void parallel_for(std::size_t n, const std::function<void(std::size_t, std::size_t)>& fn) {
  if (n == 0) return;
  const std::size_t chunks = std::min(n, static_cast<std::size_t>(num_threads()));
  parallel_tasks(static_cast<int>(chunks), [&](int t) {
    const auto i = static_cast<std::size_t>(t);
    fn(n * i / chunks, n * (i + 1) / chunks);
  });
}

}  // namespace nnfs
