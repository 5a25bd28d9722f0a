#include "app/cli/interrupt.h"

#include <csignal>
#include <cstdio>
#include <cstdlib>

namespace nnfs::cli {

namespace {

// Written by the handler: a lock-free atomic and a sig_atomic_t are async-signal-safe.
std::atomic<bool> g_interrupted{false};
volatile std::sig_atomic_t g_signal = 0;
static_assert(std::atomic<bool>::is_always_lock_free);

struct sigaction g_old_int, g_old_term;

extern "C" void on_signal(int sig) {
  g_signal = sig;
  g_interrupted.store(true, std::memory_order_relaxed);
}

}  // namespace

InterruptFlag::InterruptFlag() {
  g_interrupted.store(false);
  g_signal = 0;
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESETHAND | SA_RESTART;  // the second signal takes the default action
  sigaction(SIGINT, &sa, &g_old_int);
  sigaction(SIGTERM, &sa, &g_old_term);
}

InterruptFlag::~InterruptFlag() {
  sigaction(SIGINT, &g_old_int, nullptr);
  sigaction(SIGTERM, &g_old_term, nullptr);
}

const std::atomic<bool>* InterruptFlag::flag() const { return &g_interrupted; }

bool InterruptFlag::raised() const { return g_interrupted.load(std::memory_order_relaxed); }

const char* InterruptFlag::signal_name() const { return g_signal == SIGTERM ? "SIGTERM" : "SIGINT"; }

void InterruptFlag::reraise() const {
  const int sig = g_signal == SIGTERM ? SIGTERM : SIGINT;
  std::fflush(nullptr);
  std::signal(sig, SIG_DFL);
  std::raise(sig);
  std::_Exit(128 + sig);  // not reached: the default action of both signals ends the process
}

}  // namespace nnfs::cli
