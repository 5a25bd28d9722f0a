// Engine-wide thread count, a persistent thread pool and fork-join helpers over it.
//
// Work is split into fixed tasks (contiguous chunks for parallel_for); which thread runs a task
// may vary, what the task computes never does, so results are identical for any thread count.
//
// Threading choice (see parallel.cpp for the details):
//   * one process-wide pool of num_threads() - 1 persistent workers; the calling thread runs
//     task 0 and then claims tasks alongside the workers, so a 1-thread setting never touches
//     the pool and a late worker never stalls the caller;
//   * a job is published by bumping an atomic generation counter; idle workers spin on it for a
//     short while (~100 µs) before sleeping on a condition variable, so back-to-back kernel calls
//     (a training step is dozens of them) start in well under a microsecond while an idle
//     engine costs no CPU;
//   * a worker that finds itself on the CPU of the job's caller steps off it (Linux: its
//     affinity mask is narrowed and restored at once). After a sleep the scheduler of these
//     2-vCPU VMs often wakes the worker next to the caller and leaves them sharing one CPU for
//     tens of milliseconds: 2-thread GEMMs then ran at 0.8x the 1-thread speed;
//   * one job at a time: a call from a second thread while the pool is busy, or a nested call
//     from inside a task, runs serially on its own thread (same result, no deadlock);
//   * no allocation per call: tasks are passed as a non-owning TaskRef, never copied.
#pragma once

#include <cstddef>
#include <functional>
#include <type_traits>
#include <utility>

namespace nnfs {

// n <= 0: use every hardware thread. The default is the NNFS_NUM_THREADS environment variable
// if set, else every hardware thread.
void set_num_threads(int n);
int num_threads();

// A non-owning reference to a callable `void(int)`; the callable must outlive the call it is
// passed to (a lambda written in the argument list does).
class TaskRef {
 public:
  template <class F, class = std::enable_if_t<!std::is_same_v<std::decay_t<F>, TaskRef>>>
  TaskRef(F&& fn)  // NOLINT(google-explicit-constructor): implicit on purpose, like std::function
      : object_(const_cast<void*>(static_cast<const void*>(&fn))),
        call_([](void* object, int index) { (*static_cast<std::remove_reference_t<F>*>(object))(index); }) {}
  void operator()(int index) const { call_(object_, index); }

 private:
  void* object_;
  void (*call_)(void*, int);
};

// Calls fn(t) once for every t in [0, tasks), concurrently on up to min(tasks, num_threads())
// threads, and returns when all are done. fn(0) runs on the calling thread; the others run
// wherever a thread is free first. If tasks throw, all tasks still run, then one of the
// exceptions is rethrown.
void parallel_tasks(int tasks, TaskRef fn);

// Calls fn(begin, end) on disjoint chunks covering [0, n); the calling thread takes part.
// Chunk t of T is [n*t/T, n*(t+1)/T) with T = min(num_threads(), n).
void parallel_for(std::size_t n, const std::function<void(std::size_t, std::size_t)>& fn);

// Calls body(begin, end) on num_threads() contiguous chunks of [0, n) whose boundaries are
// multiples of 16, or on [0, n) on the calling thread when n < serial_below (waking a thread
// costs more than a short loop). For element-wise loops, whose results never depend on the
// chunking. Allocates nothing.
template <class Body>
void parallel_ranges(std::size_t n, std::size_t serial_below, Body&& body) {
  if (n < serial_below || num_threads() == 1) {
    body(std::size_t{0}, n);
    return;
  }
  const auto tasks = static_cast<std::size_t>(num_threads());
  const std::size_t units = (n + 15) / 16;
  parallel_tasks(static_cast<int>(tasks), [&](int t) {
    const auto i = static_cast<std::size_t>(t);
    const std::size_t begin = units * i / tasks * 16, end = units * (i + 1) / tasks * 16;
    if (begin < n) body(begin, end < n ? end : n);
  });
}

// True while the calling thread is running a task of parallel_tasks/parallel_for (nested calls
// run serially).
bool in_parallel_region();

}  // namespace nnfs
