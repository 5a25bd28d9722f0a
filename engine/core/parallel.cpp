// The engine's thread pool: persistent workers, a generation counter to publish jobs, spin-then-
// sleep waiting. Why this shape (see also parallel.h):
//
//  * The kernels it serves are short: an MLP training step is a few dozen GEMMs of 5-300 µs
//    each. Creating threads per call (~20-50 µs) or waking sleeping threads through the kernel
//    on every call (a futex wake is 5-20 µs in a VM) would cost as much as the work, so workers
//    spin on an atomic for a short while after each job and only then block on a condition
//    variable. Spinning is bounded in time (kSpin) so an idle engine does not burn a core.
//  * Tasks are fixed pieces of work (the caller decides what task t computes); threads claim
//    them from an atomic counter, the caller first. Results never depend on which thread ran a
//    task, and a worker that is asleep or descheduled (2 cores shared with other processes)
//    does not stall the caller: it finds nothing left to claim when it gets to run.
//  * Placement: a worker that wakes on the caller's CPU moves itself (leave_cpu). On the 2-vCPU
//    KVM guests we run on, a worker woken after sleeping landed on the caller's CPU in most
//    jobs after a pause and the load balancer left the pair there for whole 10-20 ms bursts of
//    calls (the other vCPU idle), so a 2-thread GEMM ran at ~80 GFLOP/s instead of ~200.
//    Checking costs one getcpu (vDSO) per job; moving, two syscalls, only on a collision.
//  * The claim word packs generation, task count and next task, so a late worker can never
//    claim a task of a job that is over; the job itself is only read after a claim succeeded.
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
#if defined(__linux__)
#include <sched.h>
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

int current_cpu() {
#if defined(__linux__)
  return sched_getcpu();
#else
  return -1;
#endif
}

// Moves the calling thread off `cpu` if it is running there and may run elsewhere: narrowing
// the affinity mask migrates it at once; restoring the mask leaves it where it landed.
void leave_cpu(int cpu) {
#if defined(__linux__)
  if (cpu < 0 || cpu >= CPU_SETSIZE || sched_getcpu() != cpu) return;
  cpu_set_t allowed;
  if (sched_getaffinity(0, sizeof allowed, &allowed) != 0 || !CPU_ISSET(cpu, &allowed)) return;
  cpu_set_t others = allowed;
  CPU_CLR(cpu, &others);
  if (CPU_COUNT(&others) == 0 || sched_setaffinity(0, sizeof others, &others) != 0) return;
  sched_setaffinity(0, sizeof allowed, &allowed);
#else
  (void)cpu;
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

// Sets the nested-call guard for the lifetime of a task.
struct TaskGuard {
  bool outer = t_in_task;
  TaskGuard() { t_in_task = true; }
  ~TaskGuard() { t_in_task = outer; }
  TaskGuard(const TaskGuard&) = delete;
  TaskGuard& operator=(const TaskGuard&) = delete;
};

void run_serial(const TaskRef& fn, int tasks) {
  TaskGuard guard;
  for (int t = 0; t < tasks; ++t) fn(t);
}

// The claim word: generation (32 bits) | task count (16) | next unclaimed task (16).
constexpr std::uint64_t claim_word(std::uint64_t gen, int tasks, int next) {
  return gen << 32 | static_cast<std::uint64_t>(tasks) << 16 | static_cast<std::uint64_t>(next);
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

  // Runs the job with up to `threads` threads (caller included). Returns false, having run
  // nothing, when another thread is using the pool.
  bool try_run(int threads, int tasks, const TaskRef& fn) {
    std::unique_lock<std::mutex> busy(run_mutex_, std::try_to_lock);
    if (!busy.owns_lock()) return false;
    while (static_cast<int>(workers_.size()) < threads - 1) {
      // The worker must start from the state before this job is published, or it could read
      // the new state as its starting point and never look at this job.
      const int id = static_cast<int>(workers_.size()) + 1;
      const std::uint64_t before = state_.load();
      workers_.emplace_back([this, id, before] { worker_main(id, before); });
    }
    const std::uint64_t gen = ++generation_ & 0xffffffffu;
    job_ = &fn;
    done_.store(0, std::memory_order_relaxed);
    claim_.store(claim_word(gen, tasks, 1), std::memory_order_release);  // task 0: the caller
    caller_cpu_.store(current_cpu(), std::memory_order_relaxed);
    state_.store(gen << 16 | static_cast<std::uint64_t>(threads));  // seq_cst: see wait_for_job
    if (sleepers_.load() > 0) {
      { std::lock_guard<std::mutex> lock(sleep_mutex_); }
      wake_.notify_all();
    }
    run_task(0);
    run_claimed(gen);
    // Wait for tasks other threads have claimed and not finished (never for a worker that has
    // not woken up: the caller would have claimed its tasks by now).
    for (int spin = 0; done_.load(std::memory_order_acquire) != tasks; ++spin) {
      if (spin < 1 << 12) cpu_relax();
      else std::this_thread::yield();
    }
    std::exception_ptr error = std::move(error_);
    error_ = nullptr;
    if (error) std::rethrow_exception(error);
    return true;
  }

 private:
  void run_task(int task) {
    try {
      TaskGuard guard;
      (*job_)(task);
    } catch (...) {
      std::lock_guard<std::mutex> lock(error_mutex_);
      if (!error_) error_ = std::current_exception();
    }
    done_.fetch_add(1, std::memory_order_acq_rel);
  }

  // Claims and runs tasks of job `gen` until none is left. job_ is only read after a
  // successful claim, which the owner waits for, so it is never stale.
  void run_claimed(std::uint64_t gen) {
    std::uint64_t c = claim_.load(std::memory_order_acquire);
    for (;;) {
      const auto tasks = static_cast<int>(c >> 16 & 0xffff), next = static_cast<int>(c & 0xffff);
      if (c >> 32 != gen || next >= tasks) return;
      if (claim_.compare_exchange_weak(c, c + 1, std::memory_order_acq_rel,
                                       std::memory_order_acquire)) {
        run_task(next);
        c = claim_.load(std::memory_order_acquire);
      }
    }
  }

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
      if (id >= static_cast<int>(seen & 0xffff)) continue;
      leave_cpu(caller_cpu_.load(std::memory_order_relaxed));
      run_claimed(seen >> 16);
    }
  }

  std::mutex run_mutex_;                  // held by the thread that owns the current job
  std::vector<std::thread> workers_;      // worker i has id i + 1; the caller is id 0
  std::uint64_t generation_ = 0;          // guarded by run_mutex_
  std::atomic<std::uint64_t> state_{0};   // generation << 16 | threads: wakes the workers
  std::atomic<std::uint64_t> claim_{0};   // see claim_word()
  std::atomic<int> done_{0};              // tasks of the current job finished
  std::atomic<int> sleepers_{0};
  std::atomic<int> caller_cpu_{-1};       // where the job's owner runs (see leave_cpu)
  std::atomic<bool> stop_{false};
  std::mutex sleep_mutex_;
  std::condition_variable wake_;
  const TaskRef* job_ = nullptr;          // valid while the owner waits in try_run
  std::mutex error_mutex_;
  std::exception_ptr error_;              // first exception thrown by a task
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
  if (threads <= 1 || t_in_task || tasks > 0xffff || !pool().try_run(threads, tasks, fn))
    run_serial(fn, tasks);
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
