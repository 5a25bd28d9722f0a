// The book's experiments (Neural Networks from Scratch, chapters 10-17) on its toy data, with its
// models and optimizer settings, trained full-batch as the book does. Each case takes a second or
// two of CPU in Release. The seeds are fixed, so every run gives the same numbers; the margins
// below the measured accuracies (in the comments) absorb rounding changes in the kernels.
// docs/MATH.md ("Reproducing the book's experiments") has them as `nnfs train` commands.
#include <catch2/catch.hpp>

#include "engine/data/toy_datasets.h"
#include "engine/model/architecture.h"
#include "engine/train/evaluate.h"
#include "engine/train/new_model.h"
#include "engine/train/epoch_loop.h"

using namespace nnfs;

namespace {

struct Outcome {
  EpochResult last;      // the final epoch, training-mode accuracy over the training data
  Evaluation test;       // the held-out draw (spiral) or the midpoints (sine)
};

Outcome train_book_model(const std::string& data_spec, const std::string& arch, const OptimizerConfig& optimizer,
                         std::size_t epochs, std::uint64_t seed = 1) {
  ToyData data = *toy_data_from_spec(data_spec);
  Model model = new_model(parse_architecture(arch), data.train, "", seed);
  TrainConfig config;
  config.epochs = epochs;
  config.batch = data.train.count;  // full batch
  config.optimizer = optimizer;
  config.seed = seed;
  config.threads = 1;
  const TrainResult result = run_training(model, data.train, nullptr, config);
  return {result.epochs.back(), evaluate(model, data.test)};
}

OptimizerConfig optimizer(const std::string& type, float lr, float decay) {
  OptimizerConfig c = OptimizerConfig::defaults(type);
  c.lr = lr;
  c.lr_decay = decay;
  return c;
}

// The book's chapter 10-14 model: 2 inputs → 64 ReLU → 3 softmax, weights 0.01·randn.
const char* kSpiralModel = "dense:64:init=nnfs,relu,dense:3:init=nnfs,softmax";

}  // namespace

TEST_CASE("book ch14: spiral 3x100, 2-64-3, Adam lr 0.05 decay 5e-7 reaches 0.9 training accuracy", "[book]") {
  const Outcome o = train_book_model("spiral:3:100", kSpiralModel, optimizer("adam", 0.05f, 5e-7f), 10000);
  INFO("train acc " << o.last.train_acc << " loss " << o.last.train_loss << ", test acc " << o.test.accuracy);
  CHECK(o.last.train_acc >= 0.9);  // measured 0.9533
  CHECK(o.test.accuracy >= 0.75);  // measured 0.82 (the book: 0.80)
  CHECK(o.last.learning_rate == Approx(0.05 / (1 + 5e-7 * 10000)));
}

TEST_CASE("book ch16: binary logistic regression on 2-class spiral reaches 0.9", "[book]") {
  // The book's model: dense 64 with L2 5e-4 on weights and biases, ReLU, one sigmoid output,
  // binary cross-entropy (the default for a sigmoid output), labels 0/1, Adam decay 5e-7.
  // With the book's lr 0.001 the accuracy after 10,000 epochs depends on the seed (0.78-0.93 over
  // seeds 1-6, docs/MATH.md); lr 0.005 gets every seed past 0.94.
  const char* arch = "dense:64:l2=5e-4:bias_l2=5e-4:init=nnfs,relu,dense:1:init=nnfs,sigmoid";
  const Outcome o = train_book_model("spiral:2:100", arch, optimizer("adam", 0.005f, 5e-7f), 10000);
  INFO("train acc " << o.last.train_acc << " reg loss " << o.last.regularization_loss << ", test acc " << o.test.accuracy);
  CHECK(o.last.train_acc >= 0.9);  // measured 0.945
  CHECK(o.test.accuracy >= 0.85);  // measured 0.915
  CHECK(o.last.regularization_loss > 0.0);
  REQUIRE(o.test.confusion.size() == 2);  // one sigmoid output still predicts classes 0/1
}

TEST_CASE("book ch17: sine regression fits with the precision accuracy >= 0.9", "[book]") {
  // 1 → 64 ReLU → 64 ReLU → 1 linear, MSE, Adam lr 0.005 decay 1e-3. The book found 0.01·randn
  // weights too small here and scaled them up; Xavier's spread (about 0.1 for 64 inputs) does that.
  const char* arch = "dense:64:init=xavier,relu,dense:64:init=xavier,relu,dense:1:init=xavier,linear";
  const Outcome o = train_book_model("sine:1000", arch, optimizer("adam", 0.005f, 1e-3f), 10000);
  INFO("train acc " << o.last.train_acc << " loss " << o.last.train_loss << ", test acc " << o.test.accuracy);
  CHECK(o.last.train_acc >= 0.9);  // measured 0.942: |ŷ - y| < std(y)/250 = 0.00283 for 94% of x
  CHECK(o.test.accuracy >= 0.9);   // the midpoints between the training x
  CHECK(o.test.precision == Approx(0.7071 / 250).epsilon(1e-3));  // std(sin) over a period is 1/√2
  CHECK(o.test.loss < 1e-5);
}

TEST_CASE("book ch15: dropout with L2 on a 3x1000 spiral generalises", "[book]") {
  // The book's chapter 15 model has 512 units and 10,000 epochs; 64 units and 1,000 epochs show
  // the same picture in a second: accuracy measured with dropout active trails the held-out one.
  const char* arch = "dense:64:l2=5e-4:bias_l2=5e-4:init=nnfs,relu,dropout:0.1,dense:3:init=nnfs,softmax";
  const Outcome o = train_book_model("spiral:3:1000", arch, optimizer("adam", 0.05f, 5e-5f), 1000);
  INFO("train acc " << o.last.train_acc << ", test acc " << o.test.accuracy);
  CHECK(o.last.train_acc >= 0.6);  // measured 0.647 (dropout active)
  CHECK(o.test.accuracy >= 0.65);  // measured 0.707 (the book: 0.757 with 512 units)
}

TEST_CASE("book ch10: every optimizer, with decay and momentum, learns the spiral", "[book]") {
  // The chapter's settings, 3,000 full-batch epochs each; a guess is right 1/3 of the time.
  struct Case {
    const char* name;
    OptimizerConfig config;
    double min_acc;  // measured accuracy in the comment
  };
  auto with = [](OptimizerConfig c, auto&& edit) { edit(c); return c; };
  const Case cases[] = {
      {"sgd", optimizer("sgd", 1.0f, 0.0f), 0.42},                                  // 0.447
      {"sgd decay", optimizer("sgd", 1.0f, 1e-3f), 0.47},                           // 0.523
      {"sgd momentum", with(optimizer("sgd", 1.0f, 1e-3f), [](auto& c) { c.momentum = 0.9f; }), 0.7},  // 0.80
      {"sgd nesterov",
       with(optimizer("sgd", 1.0f, 1e-3f), [](auto& c) { c.momentum = 0.9f; c.nesterov = true; }), 0.8},  // 0.913
      {"adagrad", optimizer("adagrad", 1.0f, 1e-4f), 0.6},                          // 0.717
      {"rmsprop", with(optimizer("rmsprop", 0.02f, 1e-5f), [](auto& c) { c.rho = 0.999f; }), 0.6},  // 0.727
      {"adam", optimizer("adam", 0.05f, 5e-7f), 0.8},                               // 0.893
      {"adamw", with(optimizer("adamw", 0.05f, 5e-7f), [](auto& c) { c.weight_decay = 1e-4f; }), 0.8},  // 0.93
  };
  for (const Case& c : cases) {
    const Outcome o = train_book_model("spiral:3:100", kSpiralModel, c.config, 3000);
    INFO(c.name << ": train acc " << o.last.train_acc << " loss " << o.last.train_loss);
    CHECK(o.last.train_acc >= c.min_acc);
    CHECK(o.last.train_loss < 1.0);  // from ln 3 = 1.0986 at the start
  }
}
