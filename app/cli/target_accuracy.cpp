#include "app/cli/target_accuracy.h"

#include <chrono>
#include <cstdio>

#include "engine/train/evaluate.h"

namespace nnfs::cli {

namespace {
const auto kProcessStart = std::chrono::steady_clock::now();  // static initialisation: before main()

std::string percent(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f%%", 100.0 * v);
  return buf;
}
}  // namespace

double seconds_since_process_start() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - kProcessStart).count();
}

TargetAccuracy::TargetAccuracy(double target, const Model& model, const Dataset& test,
                               const std::atomic<bool>* interrupt)
    : target_(target), model_(model), test_(test), interrupt_(interrupt) {}

void TargetAccuracy::attach(TrainCallbacks& callbacks) {
  auto between = callbacks.between_batches;
  callbacks.between_batches = [this, between](const BatchProgress& next, const CaptureState& capture) {
    if (between) between(next, capture);
    if (interrupt_ && interrupt_->load()) stop_ = true;
    // Quarter-epoch checks inside the epoch; its end is checked by the epoch's own evaluation.
    const std::size_t every = std::max<std::size_t>(1, next.steps_per_epoch / kTargetChecksPerEpoch);
    if (stop_ || next.step == 0 || next.step % every != 0 || next.step + every > next.steps_per_epoch) return;
    check(evaluate(model_, test_).accuracy, next.epoch, next.step, next.steps_per_epoch);
  };
  auto on_epoch = callbacks.on_epoch;
  callbacks.on_epoch = [this, on_epoch](const EpochResult& r) {
    if (on_epoch) on_epoch(r);
    if (r.test_acc) check(*r.test_acc, r.epoch, 0, 0);
  };
}

void TargetAccuracy::check(double accuracy, std::size_t epoch, std::size_t step, std::size_t steps) {
  if (accuracy > best_) best_ = accuracy;
  if (reached_ || accuracy < target_) return;
  reached_ = Hit{accuracy, epoch, step, steps, seconds_since_process_start()};
  stop_ = true;
}

std::string TargetAccuracy::summary() const {
  if (!reached_)
    return "target accuracy " + percent(target_) + " not reached (best test accuracy " + percent(best_) + ")";
  const Hit& h = *reached_;
  char buf[256];
  const std::string where = h.steps ? "epoch " + std::to_string(h.epoch) + ", batch " + std::to_string(h.step) +
                                          " of " + std::to_string(h.steps)
                                    : "the end of epoch " + std::to_string(h.epoch);
  std::snprintf(buf, sizeof buf, "target accuracy %s reached: %s at %s, %.3f s after the process started "
                "(data loading included)", percent(target_).c_str(), percent(h.accuracy).c_str(), where.c_str(),
                h.seconds);
  return buf;
}

}  // namespace nnfs::cli
