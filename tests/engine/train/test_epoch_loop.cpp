// The training loop: it must learn, be reproducible bit for bit, stop when asked, report
// through its callbacks, and fail clearly.
#include <atomic>
#include <catch2/catch.hpp>
#include <thread>
#include <vector>

#include "engine/core/parallel.h"
#include "engine/train/evaluate.h"
#include "engine/train/epoch_loop.h"
#include "support/fixtures.h"

using namespace nnfs;
using json = nlohmann::json;

namespace {

TrainConfig blob_config(std::size_t epochs, std::size_t batch) {
  TrainConfig c;
  c.epochs = epochs;
  c.batch = batch;
  c.optimizer = OptimizerConfig::defaults("adam");
  c.optimizer.lr = 0.01f;
  c.seed = 5;
  c.threads = 1;
  return c;
}

// The mlp preset trained for two epochs on MNIST-shaped synthetic digits; returns its weights.
std::vector<float> train_mlp_weights(int threads, std::uint64_t seed) {
  const Dataset train = test::digit_patterns(640, 17);
  Model model;
  model.net = Sequential::from_architecture(train.sample_shape, preset_architecture("mlp", 10));
  model.net.init(seed);
  model.class_names = train.class_names;
  TrainConfig config;
  config.epochs = 2;
  config.batch = 64;
  config.seed = seed;
  config.threads = threads;
  run_training(model, train, nullptr, config);
  const auto values = model.net.params().values();
  return {values.begin(), values.end()};
}

}  // namespace

TEST_CASE("trainer: a small MLP learns four Gaussian blobs to at least 95 percent", "[train]") {
  const Dataset train = test::blobs(4, 100, 1);
  const Dataset test_set = test::blobs(4, 50, 2);
  Model model = test::small_classifier({2}, 32, 4, 3);
  const TrainResult result = run_training(model, train, &test_set, blob_config(12, 32));

  REQUIRE(result.epochs.size() == 12);
  CHECK_FALSE(result.stopped);
  CHECK(result.epochs.back().train_loss < result.epochs.front().train_loss);
  REQUIRE(result.epochs.back().test_acc.has_value());
  CHECK(*result.epochs.back().test_acc >= 0.95);
  CHECK(result.epochs.back().train_acc >= 0.95);
  const Evaluation ev = evaluate(model, test_set);
  CHECK(ev.accuracy >= 0.95);
  CHECK(ev.accuracy == Approx(*result.epochs.back().test_acc));
  CHECK(ev.loss == Approx(*result.epochs.back().test_loss));
}

TEST_CASE("trainer: plain SGD and a regression loss also learn", "[train]") {
  SECTION("sgd on blobs") {
    const Dataset train = test::blobs(3, 60, 4);
    Model model = test::small_classifier({2}, 16, 3, 5);
    TrainConfig config = blob_config(15, 16);
    config.optimizer = OptimizerConfig::defaults("sgd");
    config.optimizer.lr = 0.1f;
    const TrainResult result = run_training(model, train, &train, config);
    CHECK(*result.epochs.back().test_acc >= 0.95);
  }
  SECTION("mse regression: y = 2x - 1, no fused softmax path") {
    Dataset data;
    data.source = "line";
    data.sample_shape = {1};
    for (int i = 0; i < 64; ++i) {
      const float x = static_cast<float>(i) / 32.0f - 1.0f;
      data.features.push_back(x);
      data.targets.push_back(2.0f * x - 1.0f);
    }
    data.count = 64;
    data.target_dim = 1;
    Model model;
    model.net = Sequential::from_architecture({1}, json::array({{{"type", "dense"}, {"units", 1}}}));
    model.net.init(1);
    model.loss = "mse";
    TrainConfig config = blob_config(60, 8);
    config.optimizer.lr = 0.05f;
    const TrainResult result = run_training(model, data, nullptr, config);
    CHECK(result.epochs.back().train_loss < 1e-3);
    CHECK(model.net.params().values()[0] == Approx(2.0f).margin(0.05));
    CHECK(model.net.params().values()[1] == Approx(-1.0f).margin(0.05));
  }
}

TEST_CASE("trainer: the same seed and thread count give bit-identical weights", "[train]") {
  const std::vector<float> a = train_mlp_weights(2, 9);
  const std::vector<float> b = train_mlp_weights(2, 9);
  REQUIRE(a.size() == 101770);
  CHECK(test::same_bits(a, b));
  // ...and the seed matters.
  CHECK_FALSE(test::same_bits(a, train_mlp_weights(2, 10)));
}

TEST_CASE("trainer: weights do not depend on the thread count", "[train][concurrency]") {
  const std::vector<float> one = train_mlp_weights(1, 4);
  for (int threads : {2, 3}) {
    INFO(threads << " threads");
    CHECK(test::same_bits(train_mlp_weights(threads, 4), one));
  }
  CHECK(num_threads() == 3);  // run_training applies config.threads
}

TEST_CASE("trainer: callbacks are called once per batch and once per epoch", "[train]") {
  const Dataset train = test::blobs(3, 35, 6);  // 105 samples: 10 full batches and one of 5
  const Dataset test_set = test::blobs(3, 5, 7);
  Model model = test::small_classifier({2}, 8, 3, 1);
  std::vector<BatchProgress> batches;
  std::vector<EpochResult> epochs;
  TrainCallbacks callbacks;
  callbacks.on_batch = [&](const BatchProgress& p) { batches.push_back(p); };
  callbacks.on_epoch = [&](const EpochResult& r) {
    // Every batch of the epoch was reported before its result.
    CHECK(batches.size() == r.epoch * 11);
    epochs.push_back(r);
  };
  const TrainResult result = run_training(model, train, &test_set, blob_config(3, 10), callbacks);

  REQUIRE(batches.size() == 33);
  for (std::size_t i = 0; i < batches.size(); ++i) {
    INFO("batch " << i);
    CHECK(batches[i].epoch == i / 11 + 1);
    CHECK(batches[i].step == i % 11 + 1);
    CHECK(batches[i].steps_per_epoch == 11);
    CHECK(std::isfinite(batches[i].loss));
    CHECK(batches[i].loss > 0.0);
    CHECK(batches[i].seconds >= 0.0);
  }
  REQUIRE(epochs.size() == 3);
  REQUIRE(result.epochs.size() == 3);
  for (std::size_t e = 0; e < 3; ++e) {
    CHECK(epochs[e].epoch == e + 1);
    CHECK(result.epochs[e].epoch == e + 1);
    CHECK(result.epochs[e].train_loss == epochs[e].train_loss);
    CHECK(epochs[e].test_acc.has_value());
    CHECK(epochs[e].test_loss.has_value());
    CHECK(epochs[e].train_acc >= 0.0);
    CHECK(epochs[e].train_acc <= 1.0);
    CHECK(epochs[e].seconds >= 0.0);
  }

  SECTION("without test data there are no test results") {
    Model again = test::small_classifier({2}, 8, 3, 1);
    const TrainResult r = run_training(again, train, nullptr, blob_config(1, 10));
    REQUIRE(r.epochs.size() == 1);
    CHECK_FALSE(r.epochs[0].test_acc.has_value());
    CHECK_FALSE(r.epochs[0].test_loss.has_value());
  }
}

TEST_CASE("trainer: the stop flag ends training between batches", "[train][concurrency]") {
  const Dataset train = test::blobs(2, 50, 8);
  Model model = test::small_classifier({2}, 8, 2, 1);
  std::atomic<bool> stop{false};

  SECTION("set from a callback") {
    std::size_t calls = 0;
    TrainCallbacks callbacks;
    callbacks.on_batch = [&](const BatchProgress&) {
      if (++calls == 3) stop = true;
    };
    const TrainResult result = run_training(model, train, nullptr, blob_config(5, 10), callbacks, &stop);
    CHECK(result.stopped);
    CHECK(calls == 3);
    CHECK(result.epochs.empty());
  }
  SECTION("set before training starts: no step is taken") {
    stop = true;
    const std::vector<float> before(model.net.params().values().begin(), model.net.params().values().end());
    const TrainResult result = run_training(model, train, nullptr, blob_config(5, 10), {}, &stop);
    CHECK(result.stopped);
    CHECK(test::same_bits(model.net.params().values(), before));
  }
  SECTION("set from another thread while training runs on a worker") {
    std::atomic<std::size_t> steps{0};
    TrainCallbacks callbacks;
    callbacks.on_batch = [&](const BatchProgress&) { steps.fetch_add(1); };
    TrainResult result;
    std::thread worker([&] { result = run_training(model, train, nullptr, blob_config(100000, 10), callbacks, &stop); });
    while (steps.load() < 5) std::this_thread::yield();
    stop = true;
    worker.join();
    CHECK(result.stopped);
    CHECK(result.epochs.size() < 100000);
  }
}

TEST_CASE("trainer: a diverging run throws a clear error", "[train]") {
  const Dataset train = test::blobs(3, 30, 9);
  Model model = test::small_classifier({2}, 16, 3, 2);
  TrainConfig config = blob_config(20, 10);
  config.optimizer = OptimizerConfig::defaults("sgd");
  config.optimizer.lr = 1e30f;
  const std::string msg = test::error_message([&] { run_training(model, train, nullptr, config); });
  CHECK_THAT(msg, Catch::Contains("diverged") && Catch::Contains("epoch") && Catch::Contains("batch") &&
                      Catch::Contains("learning rate"));
  CHECK_THAT(msg, Catch::Contains("nan") || Catch::Contains("inf"));
}

TEST_CASE("trainer: validation_split holds out part of the training data", "[train]") {
  const Dataset train = test::blobs(2, 100, 10);  // 200 samples, 50 held out
  Model model = test::small_classifier({2}, 8, 2, 1);
  TrainConfig config = blob_config(2, 50);
  config.validation_split = 0.25;
  std::size_t steps_per_epoch = 0;
  TrainCallbacks callbacks;
  callbacks.on_batch = [&](const BatchProgress& p) { steps_per_epoch = p.steps_per_epoch; };
  const TrainResult result = run_training(model, train, nullptr, config, callbacks);
  CHECK(steps_per_epoch == 3);  // 150 training samples in batches of 50
  REQUIRE(result.epochs.size() == 2);
  CHECK(result.epochs.back().test_acc.has_value());
  CHECK(result.epochs.back().test_loss.has_value());

  // The held-out part is the one split_validation gives for the same seed.
  const SplitRows rows = split_validation(train, 0.25, config.seed);
  CHECK(rows.validation.size() == 50);
  const Evaluation ev = evaluate(model, train.subset(rows.validation));
  CHECK(ev.accuracy == Approx(*result.epochs.back().test_acc));
  CHECK(ev.loss == Approx(*result.epochs.back().test_loss));
}

TEST_CASE("trainer: unusable data and settings are errors", "[train]") {
  const Dataset train = test::blobs(3, 10, 11);
  Model model = test::small_classifier({2}, 8, 3, 1);
  SECTION("unlabelled training data") {
    Dataset unlabelled = train;
    unlabelled.labels.clear();
    CHECK_THAT(test::error_message([&] { run_training(model, unlabelled, nullptr, blob_config(1, 8)); }),
               Catch::Contains("blobs") && Catch::Contains("no labels"));
  }
  SECTION("samples of the wrong size") {
    const Dataset wide = test::blobs(3, 10, 11, 5);
    CHECK_THAT(test::error_message([&] { run_training(model, wide, nullptr, blob_config(1, 8)); }),
               Catch::Contains("5 values") && Catch::Contains("expects 2"));
  }
  SECTION("labels beyond the model's classes, in the test data") {
    const Dataset four = test::blobs(4, 5, 12);
    CHECK_THAT(test::error_message([&] { run_training(model, train, &four, blob_config(1, 8)); }),
               Catch::Contains("label 3") && Catch::Contains("3 classes"));
  }
  SECTION("a bad configuration") {
    CHECK_THAT(test::error_message([&] { run_training(model, train, nullptr, blob_config(0, 8)); }),
               Catch::Contains("epochs"));
    TrainConfig config = blob_config(1, 8);
    config.validation_split = 0.99;  // leaves no training sample out of 30
    CHECK_THAT(test::error_message([&] { run_training(model, train, nullptr, config); }),
               Catch::Contains("no training samples"));
  }
}
