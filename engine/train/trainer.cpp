#include "engine/train/trainer.h"

#include <chrono>
#include <cmath>
#include <span>

#include "engine/core/error.h"
#include "engine/core/parallel.h"
#include "engine/data/batcher.h"
#include "engine/losses/categorical_cross_entropy.h"
#include "engine/train/evaluate.h"
#include "engine/train/metrics.h"

namespace nnfs {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Everything one optimizer step needs, sized on the first batch and reused afterwards.
struct StepBuffers {
  std::vector<std::size_t> order;     // sample indices, reshuffled each epoch
  Tensor d_output;                    // dL/d(model output), or dL/dlogits when fused
  Workspace workspace;                // activations, gradients, layer scratch (sized once)
};

}  // namespace

TrainResult run_training(Model& model, const Dataset& train_in, const Dataset* test_in,
                         const TrainConfig& config, const TrainCallbacks& callbacks,
                         const std::atomic<bool>* stop, const TrainState* resume) {
  config.validate();
  set_num_threads(config.threads);

  TrainValidation split;
  const Dataset* train = &train_in;
  const Dataset* test = test_in;
  if (config.validation_split > 0.0) {
    split = split_validation(train_in, config.validation_split, config.seed);
    train = &split.train;
    test = &split.validation;
  }
  check_compatible(model, *train);
  if (!train->labelled()) throw Error(train->source + ": training data has no labels");
  if (test) check_compatible(model, *test);
  if (train->count == 0) throw Error(train->source + ": no training samples");

  auto loss = make_loss(model.loss);
  auto optimizer = make_optimizer(config.optimizer);
  const Task task = task_for_loss(model.loss);
  const float precision = regression_precision(*train);
  // Softmax followed by categorical cross-entropy: use the fused gradient (p - y)/N at the
  // logits and skip the softmax layer's own backward.
  const bool fused = model.net.ends_in_softmax() && loss->type() == "categorical_crossentropy";
  const std::size_t backward_end = fused ? model.net.layer_count() - 1 : model.net.layer_count();

  Rng shuffle_rng(config.seed);
  Rng layer_rng(config.seed ^ 0x5DEECE66Dull);  // dropout masks: a stream of their own
  StepBuffers buf;
  model.net.prepare(buf.workspace, config.batch);
  const std::size_t steps = (train->count + config.batch - 1) / config.batch;
  const std::uint64_t total_steps = steps * config.epochs;  // for the learning-rate schedule
  // Batches are assembled (and augmented) on a loader thread, one ahead of the step using them.
  Batcher batcher(*train, model.input_scaling, config.augment, config.seed);
  TrainResult result;

  // The state between two batches: epoch and step, the generators, the optimizer, the sums.
  auto state_at = [&](std::size_t epoch, std::size_t step, Rng::State epoch_shuffle,
                      double loss_sum, Hits hits) {
    TrainState s;
    s.epoch = epoch;
    s.step = step;
    s.shuffle_rng = epoch_shuffle;
    s.layer_rng = layer_rng.state();
    s.optimizer = OptimizerState::capture(*optimizer);
    s.loss_sum = loss_sum;
    s.correct = hits.correct;
    s.judged = hits.total;
    s.epochs = result.epochs;
    return s;
  };
  std::size_t first_epoch = 1, first_step = 0;
  if (resume) {
    if (resume->epoch < 1 || resume->epoch > config.epochs + 1 || resume->step >= steps ||
        (resume->epoch == config.epochs + 1 && resume->step != 0) ||
        resume->epochs.size() != resume->epoch - 1)
      throw Error("cannot resume at epoch " + std::to_string(resume->epoch) + ", batch " +
                  std::to_string(resume->step) + " after " + std::to_string(resume->epochs.size()) +
                  " epochs: the run has " + std::to_string(config.epochs) + " epochs of " +
                  std::to_string(steps) + " batches");
    first_epoch = resume->epoch;
    first_step = resume->step;
    shuffle_rng.set_state(resume->shuffle_rng);
    layer_rng.set_state(resume->layer_rng);
    if (!resume->optimizer.empty()) resume->optimizer.restore(*optimizer, model.net.param_count());
    result.epochs = resume->epochs;
  }

  for (std::size_t epoch = first_epoch; epoch <= config.epochs; ++epoch) {
    const auto start = Clock::now();
    const Rng::State epoch_shuffle = shuffle_rng.state();
    shuffled_order(buf.order, train->count, shuffle_rng);
    const bool resumed = resume && epoch == first_epoch;
    double loss_sum = resumed ? resume->loss_sum : 0.0;
    Hits hits;
    if (resumed) hits = {resume->correct, resume->judged};
    batcher.start_epoch(buf.order, config.batch, epoch, resumed ? first_step : 0);
    for (std::size_t step = resumed ? first_step : 0; step < steps; ++step) {
      if (callbacks.between_batches)
        callbacks.between_batches({epoch, step, steps, 0.0, seconds_since(start)}, *optimizer);
      if (stop && stop->load(std::memory_order_relaxed)) {
        result.stopped = true;
        result.state = state_at(epoch, step, epoch_shuffle, loss_sum, hits);
        return result;
      }
      const Batch& batch = batcher.next();
      const std::size_t n = batch.indices.size();
      const Targets targets = train->targets.empty() ? Targets{batch.labels, nullptr} : Targets{{}, &batch.targets};

      const Tensor& out = model.net.forward_training(batch.x, buf.workspace, layer_rng);
      double batch_loss;
      if (fused) {
        batch_loss = softmax_cross_entropy_backward(out, targets, buf.d_output);
      } else {
        batch_loss = loss->forward(out, targets);
        loss->backward(out, targets, buf.d_output);
      }
      if (!std::isfinite(batch_loss))
        throw Error("training diverged: loss is " + std::to_string(batch_loss) + " at epoch " +
                    std::to_string(epoch) + ", batch " + std::to_string(step + 1) +
                    " (try a smaller learning rate)");
      const Hits h = count_hits(task, out, targets, precision);
      hits.correct += h.correct;
      hits.total += h.total;
      loss_sum += batch_loss * static_cast<double>(n);

      model.net.backward(buf.d_output, backward_end, buf.workspace);
      optimizer->set_lr_scale(config.schedule.factor(optimizer->steps(), total_steps));
      optimizer->step(model.net.params().values(), buf.workspace.grads());

      if (callbacks.on_batch)
        callbacks.on_batch({epoch, step + 1, steps, batch_loss, seconds_since(start)});
    }

    EpochResult r;
    r.epoch = epoch;
    r.seconds = seconds_since(start);
    r.train_loss = loss_sum / static_cast<double>(train->count);
    r.train_acc = hits.total ? static_cast<double>(hits.correct) / static_cast<double>(hits.total) : 0.0;
    r.regularization_loss = model.net.regularization_loss();
    r.learning_rate = optimizer->current_lr();
    r.samples_per_second = static_cast<double>(train->count) / r.seconds;
    if (test && test->labelled() && test->count > 0) {
      const Evaluation ev = callbacks.evaluator ? callbacks.evaluator(model, *test) : evaluate(model, *test, kEvaluationBatch, &buf.workspace);
      r.test_loss = ev.loss;
      r.test_acc = ev.accuracy;
    }
    result.epochs.push_back(r);
    if (callbacks.on_epoch) callbacks.on_epoch(r);
    if (callbacks.on_checkpoint) callbacks.on_checkpoint(state_at(epoch + 1, 0, shuffle_rng.state(), 0.0, {}));
  }
  result.state = state_at(config.epochs + 1, 0, shuffle_rng.state(), 0.0, {});
  return result;
}

}  // namespace nnfs
