#include "engine/train/epoch_loop.h"

#include <chrono>
#include <cmath>
#include <span>

#include "engine/core/error.h"
#include "engine/core/parallel.h"
#include "engine/data/batcher.h"
#include "engine/data/sample_view.h"
#include "engine/losses/categorical_cross_entropy.h"
#include "engine/train/evaluate.h"
#include "engine/train/extra_mix.h"
#include "engine/model/workspace.h"
#include "engine/train/metrics.h"

namespace nnfs {

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::uint64_t kLayerSeedMix = 0x5DEECE66Dull;  // dropout masks: a stream of their own

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// The sums of the epoch under way.
struct EpochSums {
  double loss = 0.0;  // Σ batch loss · batch size
  Hits hits;
};

// One run of the loop: the data, the model's loss and optimizer, the generators, and the buffers
// one step needs (sized on the first batch and reused afterwards).
class EpochLoop {
 public:
  EpochLoop(Model& model, const Dataset& train, const Dataset* test, const TrainConfig& config,
            const TrainCallbacks& callbacks, const std::atomic<bool>* stop, const ExtraData* extra);
  void resume_from(const TrainState& state);
  TrainResult run();

 private:
  enum class Outcome { Done, Stopped, Ended };  // Ended: a change made the run end before this epoch
  Outcome run_epoch(std::size_t epoch, std::size_t first_step, EpochSums sums);
  void take_change(std::size_t epoch, std::size_t step, Clock::time_point start);
  void train_batch(std::size_t epoch, std::size_t step, EpochSums& sums, Clock::time_point start);
  void finish_epoch(std::size_t epoch, const EpochSums& sums, Clock::time_point start);
  TrainState state_at(std::size_t epoch, std::size_t step, Rng::State epoch_shuffle, const EpochSums& sums) const;
  void set_up_extra();
  void new_batcher(bool augment);
  void use_batcher_for(std::size_t epoch, std::size_t step);

  Model& model_;
  TrainConfig config_;  // a copy: changes taken during the run apply to it
  const TrainCallbacks& callbacks_;
  const std::atomic<bool>* stop_;
  const Dataset* train_;
  const Dataset* test_;
  Dataset validation_;              // the rows a validation split holds out (copied: evaluated)
  std::vector<std::size_t> train_rows_;  // the rows of *train_ trained on (empty: all)
  std::size_t main_count_ = 0;      // how many: train_rows_.size() or train_->count
  std::unique_ptr<Loss> loss_;
  std::unique_ptr<Optimizer> optimizer_;
  Task task_;
  float precision_;
  bool fused_;                 // softmax + categorical cross-entropy: the fused gradient
  std::size_t backward_end_;
  std::size_t steps_;          // batches per epoch
  Rng shuffle_rng_, layer_rng_;
  std::vector<std::size_t> order_;  // sample indices, reshuffled each epoch
  Tensor d_output_;                 // dL/d(model output), or dL/dlogits when fused
  Workspace workspace_;             // activations, gradients, layer scratch (sized once)
  std::unique_ptr<Batcher> batcher_;
  bool batcher_augments_ = false;
  TrainResult result_;
  std::size_t first_epoch_ = 1, first_step_ = 0;
  EpochSums resumed_sums_;
  // Extra samples (extra_mix.h): batches come from the training rows ++ extra, k of each from extra.
  const ExtraData* extra_;
  std::size_t extra_k_ = 0;
  std::vector<std::size_t> main_order_;
};

EpochLoop::EpochLoop(Model& model, const Dataset& train, const Dataset* test, const TrainConfig& config,
                     const TrainCallbacks& callbacks, const std::atomic<bool>* stop, const ExtraData* extra)
    : model_(model), config_(config), callbacks_(callbacks), stop_(stop), train_(&train), test_(test),
      shuffle_rng_(config.seed), layer_rng_(config.seed ^ kLayerSeedMix),
      extra_(extra && extra->active() ? extra : nullptr) {
  config.validate();
  set_num_threads(config.threads);
  if (config.validation_split > 0.0) {
    SplitRows rows = split_validation(train, config.validation_split, config.seed);
    validation_ = train.subset(rows.validation);
    test_ = &validation_;
    train_rows_ = std::move(rows.train);
  }
  main_count_ = train_rows_.empty() ? train.count : train_rows_.size();
  check_compatible(model, *train_);
  if (!train_->labelled()) throw Error(train_->source + ": training data has no labels");
  if (test_) check_compatible(model, *test_);
  if (train_->count == 0) throw Error(train_->source + ": no training samples");

  loss_ = make_loss(model.loss);
  optimizer_ = make_optimizer(config.optimizer);
  task_ = task_for_loss(model.loss);
  precision_ = regression_precision(SampleView(*train_, train_rows_, nullptr));
  // Softmax followed by categorical cross-entropy: use the fused gradient (p - y)/N at the
  // logits and skip the softmax layer's own backward.
  fused_ = model.net.ends_in_softmax() && loss_->type() == "categorical_crossentropy";
  backward_end_ = fused_ ? model.net.layer_count() - 1 : model.net.layer_count();
  steps_ = (main_count_ + config.batch - 1) / config.batch;
  if (extra_) set_up_extra();
  new_batcher(config_.augment.has_value());
  model.net.prepare(workspace_, config.batch);
  result_.state.history.batch_loss.reserve(steps_ * config.epochs);  // no allocation per step
}

void EpochLoop::set_up_extra() {
  if (!(extra_->share > 0.0 && extra_->share < 1.0))
    throw Error("the extra samples' share of a batch must be between 0 and 1, got " + std::to_string(extra_->share));
  check_compatible(model_, *extra_->samples);
  if (extra_->holdout) check_compatible(model_, *extra_->holdout);
  extra_k_ = extra_per_batch(config_.batch, extra_->share);
  steps_ = mixed_steps(main_count_, config_.batch, extra_k_);
}

// Batches are assembled (and augmented) on a loader thread, one ahead of the step using them,
// from the training rows followed by the extra samples: a view, no copy of the images.
void EpochLoop::new_batcher(bool augment) {
  SampleView view(*train_, train_rows_, extra_ ? extra_->samples.get() : nullptr);
  const std::optional<AugmentConfig> settings = augment ? config_.augment : std::nullopt;
  batcher_ = std::make_unique<Batcher>(std::move(view), model_.input_scaling, settings, config_.seed);
  batcher_augments_ = augment;
}

// Serves batch `step` of `epoch` on, augmented or not as the config says for that epoch
// (TrainConfig::augments: the clean last epochs, or a change from the front end); a new batcher
// only when that differs from the current one's.
void EpochLoop::use_batcher_for(std::size_t epoch, std::size_t step) {
  const bool augment = config_.augments(epoch);
  if (augment == batcher_augments_) return;
  new_batcher(augment);
  batcher_->start_epoch(order_, config_.batch, epoch, step);
}

void EpochLoop::resume_from(const TrainState& s) {
  const bool boundary = s.step == 0;
  if (s.epoch < 1 || s.epoch > config_.epochs + 1 || s.step >= steps_ ||
      (s.epoch == config_.epochs + 1 && !boundary) || s.history.epochs_done() != s.epoch - 1)
    throw Error("cannot resume at epoch " + std::to_string(s.epoch) + ", batch " + std::to_string(s.step) +
                " after " + std::to_string(s.history.epochs_done()) + " epochs: the run has " +
                std::to_string(config_.epochs) + " epochs of " + std::to_string(steps_) + " batches");
  first_epoch_ = s.epoch;
  first_step_ = s.step;
  shuffle_rng_.set_state(s.shuffle_rng);
  layer_rng_.set_state(s.layer_rng);
  // At an epoch boundary a run may go on with another optimizer (continue training): it starts
  // fresh then. Mid-epoch the state must fit (restore throws otherwise).
  const std::size_t params = model_.net.param_count();
  if (!s.optimizer.empty() && (!boundary || s.optimizer.fits(*optimizer_, params)))
    s.optimizer.restore(*optimizer_, params);
  resumed_sums_ = {s.loss_sum, {s.correct, s.judged}};
  const std::size_t reserve = result_.state.history.batch_loss.capacity() + s.history.batch_loss.size();
  result_.state.history = s.history;
  result_.state.history.batch_loss.reserve(reserve);
}

TrainResult EpochLoop::run() {
  Outcome outcome = Outcome::Done;
  for (std::size_t epoch = first_epoch_; epoch <= config_.epochs && outcome == Outcome::Done; ++epoch) {
    const bool resumed = epoch == first_epoch_;
    outcome = run_epoch(epoch, resumed ? first_step_ : 0, resumed ? resumed_sums_ : EpochSums{});
  }
  result_.stopped = outcome == Outcome::Stopped;
  if (outcome == Outcome::Done) result_.state = state_at(config_.epochs + 1, 0, shuffle_rng_.state(), {});
  result_.epochs = result_.state.history.epochs;
  result_.config = config_;
  return std::move(result_);
}

EpochLoop::Outcome EpochLoop::run_epoch(std::size_t epoch, std::size_t first_step, EpochSums sums) {
  const auto start = Clock::now();
  const Rng::State epoch_shuffle = shuffle_rng_.state();
  if (extra_) {
    shuffled_order(main_order_, main_count_, shuffle_rng_);
    mixed_order(order_, main_order_, extra_->samples->count, config_.batch, extra_k_, config_.seed, epoch);
  } else {
    shuffled_order(order_, main_count_, shuffle_rng_);
  }
  if (config_.augments(epoch) != batcher_augments_) new_batcher(config_.augments(epoch));
  batcher_->start_epoch(order_, config_.batch, epoch, first_step);
  for (std::size_t step = first_step; step < steps_; ++step) {
    if (callbacks_.between_batches) {
      const CaptureState capture = [&] { return state_at(epoch, step, epoch_shuffle, sums); };
      callbacks_.between_batches({epoch, step, steps_, 0.0, seconds_since(start)}, capture);
    }
    if (callbacks_.take_change) take_change(epoch, step, start);
    // Fewer epochs at an epoch boundary: the run ends where a resumed run with them would.
    if (epoch > config_.epochs) {
      result_.state = state_at(epoch, 0, epoch_shuffle, {});
      return Outcome::Ended;
    }
    if (stop_ && stop_->load(std::memory_order_relaxed)) {
      result_.state = state_at(epoch, step, epoch_shuffle, sums);
      return Outcome::Stopped;
    }
    train_batch(epoch, step, sums, start);
  }
  finish_epoch(epoch, sums, start);
  return Outcome::Done;
}

// A change from the front end, applied before batch `step` as a resumed run would apply it.
void EpochLoop::take_change(std::size_t epoch, std::size_t step, Clock::time_point start) {
  const std::optional<RunChange> change = callbacks_.take_change();
  if (!change || change->empty()) return;
  apply_change(config_, *change, step == 0 ? epoch - 1 : epoch);
  if (change->lr) optimizer_->set_base_lr(config_.optimizer.lr);
  // The loader may have assembled this batch already: a new one serves the epoch from here.
  if (epoch <= config_.epochs) use_batcher_for(epoch, step);
  if (callbacks_.on_change) {
    // The rate the next step will use (train_batch sets the same scale again before it).
    optimizer_->set_lr_scale(config_.schedule.factor(optimizer_->steps(), steps_ * config_.epochs));
    const double lr = optimizer_->current_lr();
    callbacks_.on_change(*change, {epoch, step, steps_, 0.0, seconds_since(start), lr});
  }
}

void EpochLoop::train_batch(std::size_t epoch, std::size_t step, EpochSums& sums, Clock::time_point start) {
  const Batch& batch = batcher_->next();
  const std::size_t n = batch.indices.size();
  const Targets targets = train_->targets.empty() ? Targets{batch.labels, nullptr} : Targets{{}, &batch.targets};

  const Tensor& out = model_.net.forward_training(batch.x, workspace_, layer_rng_);
  double batch_loss;
  if (fused_) {
    batch_loss = softmax_cross_entropy_backward(out, targets, d_output_);
  } else {
    batch_loss = loss_->forward(out, targets);
    loss_->backward(out, targets, d_output_);
  }
  if (!std::isfinite(batch_loss))
    throw Error("training diverged: loss is " + std::to_string(batch_loss) + " at epoch " + std::to_string(epoch) +
                ", batch " + std::to_string(step + 1) + " (try a smaller learning rate)");
  const Hits h = count_hits(task_, out, targets, precision_);
  sums.hits.correct += h.correct;
  sums.hits.total += h.total;
  sums.loss += batch_loss * static_cast<double>(n);

  model_.net.backward(d_output_, backward_end_, workspace_);
  const std::uint64_t total_steps = steps_ * config_.epochs;  // for the learning-rate schedule
  optimizer_->set_lr_scale(config_.schedule.factor(optimizer_->steps(), total_steps));
  const double lr = optimizer_->current_lr();  // the rate of this step
  optimizer_->step(model_.net.params().values(), workspace_.grads());
  result_.state.history.add_batch(static_cast<float>(batch_loss));

  if (callbacks_.on_batch) callbacks_.on_batch({epoch, step + 1, steps_, batch_loss, seconds_since(start), lr});
}

void EpochLoop::finish_epoch(std::size_t epoch, const EpochSums& sums, Clock::time_point start) {
  EpochResult r;
  r.epoch = epoch;
  r.seconds = seconds_since(start);
  const auto count = static_cast<double>(order_.size());  // samples trained this epoch
  r.train_loss = sums.loss / count;
  r.train_acc = sums.hits.total ? static_cast<double>(sums.hits.correct) / static_cast<double>(sums.hits.total) : 0.0;
  r.regularization_loss = model_.net.regularization_loss();
  r.learning_rate = optimizer_->current_lr();
  r.samples_per_second = count / r.seconds;
  if (test_ && test_->labelled() && test_->count > 0) {
    const Evaluation ev = callbacks_.evaluator ? callbacks_.evaluator(model_, *test_)
                                              : evaluate(model_, *test_, 0, &workspace_);
    r.test_loss = ev.loss;
    r.test_acc = ev.accuracy;
  }
  if (extra_ && extra_->holdout && extra_->holdout->count > 0)
    r.extra_acc = evaluate(model_, *extra_->holdout, kEvaluationBatch, &workspace_).accuracy;
  result_.state.history.add_epoch(r);
  if (callbacks_.on_epoch) callbacks_.on_epoch(r);
  if (callbacks_.on_checkpoint) callbacks_.on_checkpoint(state_at(epoch + 1, 0, shuffle_rng_.state(), {}));
}

// The state between two batches: epoch and step, the generators, the optimizer, the sums.
TrainState EpochLoop::state_at(std::size_t epoch, std::size_t step, Rng::State epoch_shuffle,
                               const EpochSums& sums) const {
  TrainState s;
  s.epoch = epoch;
  s.step = step;
  s.shuffle_rng = epoch_shuffle;
  s.layer_rng = layer_rng_.state();
  s.optimizer = OptimizerState::capture(*optimizer_);
  s.loss_sum = sums.loss;
  s.correct = sums.hits.correct;
  s.judged = sums.hits.total;
  s.history = result_.state.history;
  return s;
}

}  // namespace

TrainState initial_train_state(const TrainConfig& config) {
  TrainState s;
  s.shuffle_rng = Rng(config.seed).state();
  s.layer_rng = Rng(config.seed ^ kLayerSeedMix).state();
  return s;
}

TrainResult run_training(Model& model, const Dataset& train, const Dataset* test, const TrainConfig& config,
                         const TrainCallbacks& callbacks, const std::atomic<bool>* stop, const TrainState* resume,
                         const ExtraData* extra) {
  EpochLoop loop(model, train, test, config, callbacks, stop, extra);
  if (resume) loop.resume_from(*resume);
  return loop.run();
}

}  // namespace nnfs
