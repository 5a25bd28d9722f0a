// BackgroundJob<T>: one piece of work on its own thread (loading a dataset, evaluating a model)
// whose result the UI thread collects without waiting.
//
// Handoff as Tracy does it: the worker fills result/error and then publishes the state with a
// release store; the UI polls the state each frame (acquire load) and, once it is Done or Failed,
// joins the thread and takes the result. The UI never blocks on a running job, except in the
// destructor (quitting while a job runs waits for it).
#pragma once

#include <atomic>
#include <exception>
#include <functional>
#include <optional>
#include <string>
#include <thread>
#include <utility>

namespace nnfs::studio {

template <class T>
class BackgroundJob {
 public:
  enum class State { Idle, Running, Done, Failed };

  BackgroundJob() = default;
  ~BackgroundJob() { join(); }
  BackgroundJob(const BackgroundJob&) = delete;
  BackgroundJob& operator=(const BackgroundJob&) = delete;

  // Starts `work` on a new thread (a previous job is finished first). `wake` is called on the
  // worker thread when the job ends, e.g. to wake an idle UI loop (glfwPostEmptyEvent).
  void start(std::function<T()> work, std::function<void()> wake) {
    join();
    result_.reset();
    error_.clear();
    state_.store(State::Running, std::memory_order_release);
    thread_ = std::thread([this, work = std::move(work), wake = std::move(wake)] {
      State end = State::Done;
      try {
        result_.emplace(work());
      } catch (const std::exception& e) {
        error_ = e.what();
        end = State::Failed;
      } catch (...) {
        error_ = "unknown error";
        end = State::Failed;
      }
      state_.store(end, std::memory_order_release);
      if (wake) wake();
    });
  }

  bool running() const { return state_.load(std::memory_order_acquire) == State::Running; }

  // Once the job has ended: joins the worker and returns true (exactly once per job). Then
  // take_result() holds the value, or error() the message.
  bool finished() {
    const State s = state_.load(std::memory_order_acquire);
    if (s != State::Done && s != State::Failed) return false;
    join();
    state_.store(State::Idle, std::memory_order_relaxed);
    return true;
  }
  std::optional<T> take_result() { return std::exchange(result_, std::nullopt); }
  const std::string& error() const { return error_; }

 private:
  void join() {
    if (thread_.joinable()) thread_.join();
  }
  std::atomic<State> state_{State::Idle};
  std::thread thread_;
  std::optional<T> result_;  // written by the worker before the release store
  std::string error_;        // likewise
};

}  // namespace nnfs::studio
