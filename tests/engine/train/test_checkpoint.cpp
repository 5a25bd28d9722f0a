// Checkpoints: a run stopped at any batch, saved, loaded and resumed must end bit for bit where
// the uninterrupted run ends (1 thread), whatever the optimizer, with dropout, augmentation or a
// validation split; a damaged checkpoint file is a one-line error naming the file.
#include <sys/stat.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <filesystem>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "engine/model/architecture.h"
#include "engine/model/model_file.h"
#include "engine/model/safetensors.h"
#include "engine/train/checkpoint.h"
#include "engine/train/epoch_loop.h"
#include "support/fixtures.h"
#include "support/temp_dir.h"

using namespace nnfs;
using json = nlohmann::json;
using Catch::Contains;
using Catch::StartsWith;

namespace {

// Four Gaussian blobs, 400 samples: 13 batches of 32 per epoch (the last one 16).
constexpr std::size_t kSteps = 13;

struct Problem {
  Dataset train, test;
  json architecture;
  TrainConfig config;

  Model fresh_model() const {
    Model m;
    m.net = Sequential::from_architecture(train.sample_shape, architecture);
    m.net.init(config.seed);
    m.loss = default_loss(architecture);
    m.class_names = train.class_names;
    return m;
  }
};

Problem blob_problem(const std::string& optimizer) {
  Problem p{test::blobs(4, 100, 1), test::blobs(4, 25, 2),
            parse_architecture("dense:16,relu,dropout:0.2,dense:16,relu,dense:4,softmax"), {}};
  p.config.epochs = 4;
  p.config.batch = 32;
  p.config.optimizer = OptimizerConfig::defaults(optimizer);
  p.config.optimizer.lr_decay = 1e-3f;
  if (optimizer == "sgd") {
    p.config.optimizer.lr = 0.1f;
    p.config.optimizer.momentum = 0.9f;
  }
  p.config.seed = 11;
  p.config.threads = 1;
  return p;
}

// MNIST-shaped digits with random affine augmentation and a cosine schedule (the CNN recipe's
// moving parts on a small dense network).
Problem augmented_digit_problem() {
  Problem p{test::digit_patterns(200, 3), test::digit_patterns(50, 4),
            parse_architecture("flatten,dense:32,relu,dense:10,softmax"), {}};
  p.config.epochs = 3;
  p.config.batch = 32;
  p.config.seed = 5;
  p.config.threads = 1;
  p.config.augment = AugmentConfig{};
  p.config.schedule = LrSchedule::parse("cosine");
  return p;
}

struct Outcome {
  std::vector<float> weights;
  std::vector<EpochResult> epochs;
};

std::vector<float> weights_of(const Model& m) {
  const auto v = m.net.params().values();
  return {v.begin(), v.end()};
}

Outcome uninterrupted(const Problem& p) {
  Model model = p.fresh_model();
  const TrainResult r = run_training(model, p.train, &p.test, p.config);
  REQUIRE_FALSE(r.stopped);
  return {weights_of(model), r.epochs};
}

// Stops the run once `batches` optimizer steps are done (the stop flag, as Ctrl+C sets it), saves
// a checkpoint of where it stopped, then continues from the file alone.
Outcome stopped_and_resumed(const Problem& p, std::size_t batches, const std::string& path) {
  {
    Model model = p.fresh_model();
    std::atomic<bool> stop{false};
    std::size_t done = 0;
    TrainCallbacks callbacks;
    callbacks.on_batch = [&](const BatchProgress&) {
      if (++done == batches) stop = true;
    };
    const TrainResult first = run_training(model, p.train, &p.test, p.config, callbacks, &stop);
    REQUIRE(first.stopped);
    CHECK(done == batches);
    const std::size_t steps = (p.train.count + p.config.batch - 1) / p.config.batch;
    CHECK((first.state.epoch - 1) * steps + first.state.step == batches);
    save_checkpoint(path, model, p.config, first.state, {{"data", "blobs"}});
  }
  Checkpoint ck = load_checkpoint(path);
  CHECK(ck.info == json{{"data", "blobs"}});
  CHECK(ck.config.to_json() == p.config.to_json());
  CHECK(ck.config.threads == p.config.threads);
  const TrainResult rest = run_training(ck.model, p.train, &p.test, ck.config, {}, nullptr, &ck.state);
  REQUIRE_FALSE(rest.stopped);
  return {weights_of(ck.model), rest.epochs};
}

// Everything an epoch reports except its wall-clock figures.
void check_same_epochs(const std::vector<EpochResult>& a, const std::vector<EpochResult>& b) {
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    INFO("epoch " << a[i].epoch);
    CHECK(a[i].epoch == b[i].epoch);
    CHECK(a[i].train_loss == b[i].train_loss);
    CHECK(a[i].train_acc == b[i].train_acc);
    CHECK(a[i].regularization_loss == b[i].regularization_loss);
    CHECK(a[i].learning_rate == b[i].learning_rate);
    CHECK(a[i].test_loss == b[i].test_loss);
    CHECK(a[i].test_acc == b[i].test_acc);
  }
}

// A checkpoint written by save_checkpoint, with its metadata changed by `edit`.
std::string tampered(const test::TempDir& dir, const std::string& name, const std::string& good,
                     const std::function<void(json&)>& edit) {
  SafetensorsFile file = load_safetensors(good);
  json meta = json::parse(file.metadata.at("nnfs.checkpoint"));
  edit(meta);
  file.metadata["nnfs.checkpoint"] = meta.dump();
  const std::string path = dir.file(name);
  save_safetensors(path, file);
  return path;
}

}  // namespace

TEST_CASE("checkpoint: stopped at an epoch boundary and resumed equals the uninterrupted run",
          "[train][checkpoint]") {
  const std::string optimizer = GENERATE(as<std::string>{}, "sgd", "adagrad", "rmsprop", "adam", "adamw");
  INFO("optimizer " << optimizer);
  const Problem p = blob_problem(optimizer);
  const Outcome full = uninterrupted(p);
  test::TempDir dir;
  const Outcome resumed = stopped_and_resumed(p, 2 * kSteps, dir.file("run.ckpt"));
  CHECK(test::same_bits(resumed.weights, full.weights));
  check_same_epochs(resumed.epochs, full.epochs);
}

TEST_CASE("checkpoint: stopped in the middle of an epoch and resumed equals the uninterrupted run",
          "[train][checkpoint]") {
  const std::size_t batches = GENERATE(std::size_t{1}, std::size_t{5}, kSteps + 7, 3 * kSteps + 12);
  INFO("stopped after batch " << batches);
  const Problem p = blob_problem("adam");
  const Outcome full = uninterrupted(p);
  test::TempDir dir;
  const Outcome resumed = stopped_and_resumed(p, batches, dir.file("run.ckpt"));
  CHECK(test::same_bits(resumed.weights, full.weights));
  check_same_epochs(resumed.epochs, full.epochs);
}

TEST_CASE("checkpoint: resuming with augmentation, a schedule and a validation split", "[train][checkpoint]") {
  SECTION("augmentation and a cosine schedule") {
    const Problem p = augmented_digit_problem();
    const Outcome full = uninterrupted(p);
    test::TempDir dir;
    const std::size_t steps = (p.train.count + p.config.batch - 1) / p.config.batch;
    Model model = p.fresh_model();
    std::atomic<bool> stop{false};
    std::size_t done = 0;
    TrainCallbacks callbacks;
    callbacks.on_batch = [&](const BatchProgress&) {
      if (++done == steps + 3) stop = true;
    };
    const TrainResult first = run_training(model, p.train, &p.test, p.config, callbacks, &stop);
    REQUIRE(first.stopped);
    save_checkpoint(dir.file("a.ckpt"), model, p.config, first.state);
    Checkpoint ck = load_checkpoint(dir.file("a.ckpt"));
    REQUIRE(ck.config.augment.has_value());
    CHECK(ck.config.schedule.name() == "cosine");
    run_training(ck.model, p.train, &p.test, ck.config, {}, nullptr, &ck.state);
    CHECK(test::same_bits(weights_of(ck.model), full.weights));
  }
  SECTION("augmentation but the last epoch (clean_epochs), stopped in that epoch") {
    Problem p = augmented_digit_problem();
    p.config.clean_epochs = 1;
    const Outcome full = uninterrupted(p);
    test::TempDir dir;
    const std::size_t steps = (p.train.count + p.config.batch - 1) / p.config.batch;
    const Outcome resumed = stopped_and_resumed(p, 2 * steps + 3, dir.file("c.ckpt"));
    CHECK(test::same_bits(resumed.weights, full.weights));
  }
  SECTION("a validation split") {
    Problem p = blob_problem("adam");
    p.config.validation_split = 0.25;  // 300 training samples: 10 batches per epoch
    const Outcome full = uninterrupted(p);
    test::TempDir dir;
    Model model = p.fresh_model();
    std::atomic<bool> stop{false};
    std::size_t done = 0;
    TrainCallbacks callbacks;
    callbacks.on_batch = [&](const BatchProgress&) {
      if (++done == 14) stop = true;
    };
    const TrainResult first = run_training(model, p.train, nullptr, p.config, callbacks, &stop);
    REQUIRE(first.stopped);
    CHECK(first.state.epoch == 2);
    CHECK(first.state.step == 4);
    save_checkpoint(dir.file("v.ckpt"), model, p.config, first.state);
    Checkpoint ck = load_checkpoint(dir.file("v.ckpt"));
    CHECK(ck.config.validation_split == 0.25);
    const TrainResult rest = run_training(ck.model, p.train, nullptr, ck.config, {}, nullptr, &ck.state);
    CHECK(test::same_bits(weights_of(ck.model), full.weights));
    check_same_epochs(rest.epochs, full.epochs);
  }
}

TEST_CASE("clean epochs: a run whose every epoch is clean is the run without augmentation", "[train]") {
  Problem p = augmented_digit_problem();
  const Outcome augmented = uninterrupted(p);
  p.config.clean_epochs = p.config.epochs;
  CHECK_FALSE(p.config.augments(1));
  const Outcome clean = uninterrupted(p);
  p.config.augment.reset();
  p.config.clean_epochs = 0;
  const Outcome plain = uninterrupted(p);
  CHECK(test::same_bits(clean.weights, plain.weights));
  CHECK_FALSE(test::same_bits(clean.weights, augmented.weights));
}

TEST_CASE("checkpoint: the per-epoch checkpoint of a run that went on resumes to the same end",
          "[train][checkpoint]") {
  // What `nnfs train --checkpoint F` keeps after every epoch; the process may die at any time later.
  const Problem p = blob_problem("adam");
  const Outcome full = uninterrupted(p);
  test::TempDir dir;
  const std::string path = dir.file("epoch2.ckpt");
  Model model = p.fresh_model();
  TrainCallbacks callbacks;
  std::size_t saved = 0;
  callbacks.on_checkpoint = [&](const TrainState& state) {
    if (state.epoch != 3) return;  // after epoch 2
    save_checkpoint(path, model, p.config, state);
    ++saved;
  };
  run_training(model, p.train, &p.test, p.config, callbacks);
  REQUIRE(saved == 1);
  CHECK(test::same_bits(weights_of(model), full.weights));

  Checkpoint ck = load_checkpoint(path);
  CHECK(ck.state.epoch == 3);
  CHECK(ck.state.step == 0);
  CHECK(ck.state.history.epochs.size() == 2);
  const TrainResult rest = run_training(ck.model, p.train, &p.test, ck.config, {}, nullptr, &ck.state);
  CHECK(test::same_bits(weights_of(ck.model), full.weights));
  check_same_epochs(rest.epochs, full.epochs);

  // The checkpoint of a finished run resumes to no further training.
  save_checkpoint(dir.file("done.ckpt"), ck.model, ck.config, rest.state);
  Checkpoint done = load_checkpoint(dir.file("done.ckpt"));
  CHECK(done.state.epoch == p.config.epochs + 1);
  const TrainResult none = run_training(done.model, p.train, &p.test, done.config, {}, nullptr, &done.state);
  CHECK(test::same_bits(weights_of(done.model), full.weights));
  CHECK(none.epochs.size() == p.config.epochs);
}

TEST_CASE("checkpoint: a checkpoint is also a model file", "[train][checkpoint]") {
  const Problem p = blob_problem("adam");
  test::TempDir dir;
  Model model = p.fresh_model();
  std::atomic<bool> stop{false};
  TrainCallbacks callbacks;
  callbacks.on_batch = [&](const BatchProgress&) { stop = true; };
  const TrainResult first = run_training(model, p.train, nullptr, p.config, callbacks, &stop);
  save_checkpoint(dir.file("c.ckpt"), model, p.config, first.state);
  const Model loaded = load_model(dir.file("c.ckpt"));
  CHECK(test::same_bits(weights_of(loaded), weights_of(model)));
  CHECK(loaded.class_names == model.class_names);
}

TEST_CASE("checkpoint: damaged or foreign files are one-line errors naming the file", "[train][checkpoint]") {
  const Problem p = blob_problem("adam");
  test::TempDir dir;
  Model model = p.fresh_model();
  std::atomic<bool> stop{false};
  std::size_t done = 0;
  TrainCallbacks callbacks;
  callbacks.on_batch = [&](const BatchProgress&) {
    if (++done == 3) stop = true;
  };
  const TrainResult first = run_training(model, p.train, nullptr, p.config, callbacks, &stop);
  const std::string good = dir.file("good.ckpt");
  save_checkpoint(good, model, p.config, first.state);
  const auto bytes = test::read_bytes(good);
  REQUIRE(load_checkpoint(good).state.step == 3);

  SECTION("missing, empty and garbage files") {
    const std::string missing = dir.file("missing.ckpt");
    CHECK_THAT(test::error_message([&] { load_checkpoint(missing); }), StartsWith(missing + ": "));
    const std::string empty = dir.write_bytes("empty.ckpt", {});
    CHECK_THAT(test::error_message([&] { load_checkpoint(empty); }), StartsWith(empty + ": "));
    const std::string text = dir.write_text("text.ckpt", "epoch 3, step 4\n");
    CHECK_THAT(test::error_message([&] { load_checkpoint(text); }), StartsWith(text + ": "));
  }
  SECTION("truncated anywhere") {
    for (const std::size_t keep : {std::size_t{4}, std::size_t{8}, std::size_t{100}, bytes.size() / 2, bytes.size() - 1}) {
      INFO("kept " << keep << " of " << bytes.size() << " bytes");
      const std::string cut = dir.write_bytes("cut.ckpt", {bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(keep)});
      CHECK_THAT(test::error_message([&] { load_checkpoint(cut); }), StartsWith(cut + ": "));
    }
  }
  SECTION("a model file that is not a checkpoint") {
    const std::string plain = dir.file("plain.safetensors");
    save_model(plain, model);
    CHECK_THAT(test::error_message([&] { load_checkpoint(plain); }),
               StartsWith(plain + ": not a checkpoint (no 'nnfs.checkpoint' metadata"));
  }
  SECTION("bad values in the checkpoint metadata") {
    auto message = [&](const std::function<void(json&)>& edit) {
      const std::string path = tampered(dir, "bad.ckpt", good, edit);
      const std::string msg = test::error_message([&] { load_checkpoint(path); });
      CHECK_THAT(msg, StartsWith(path + ": nnfs.checkpoint: "));
      return msg;
    };
    CHECK_THAT(message([](json& m) { m["version"] = 3; }), Contains("version 3 is not supported (expected 1 or 2)"));
    CHECK_THAT(message([](json& m) { m.erase("batch_loss"); }), Contains("'batch_loss' is missing"));
    CHECK_THAT(message([](json& m) { m["batch_loss"] = json::array({1.0, "x"}); }),
               Contains("'batch_loss' must be a list of finite numbers"));
    CHECK_THAT(message([](json& m) { m["step"] = -1; }), Contains("'step' must be an integer from 0 to"));
    CHECK_THAT(message([](json& m) { m["epoch"] = 0; }), Contains("'epoch' must be at least 1"));
    CHECK_THAT(message([](json& m) { m["epoch"] = 99; }), Contains("'epoch' must be an integer from 0 to 5"));
    CHECK_THAT(message([](json& m) { m.erase("layer_rng"); }), Contains("'layer_rng' is missing"));
    CHECK_THAT(message([](json& m) { m["shuffle_rng"] = json::array({"0000000000000000", "0000000000000000",
                                                                     "0000000000000000", "0000000000000000"}); }),
               Contains("'shuffle_rng' is all zeros"));
    CHECK_THAT(message([](json& m) { m["shuffle_rng"][2] = "xyz"; }), Contains("4 words of 16 hex digits"));
    CHECK_THAT(message([](json& m) { m["correct"] = 1000; }), Contains("'correct' is larger than 'judged'"));
    CHECK_THAT(message([](json& m) { m["optimizer"]["type"] = "sgd"; }),
               Contains("optimizer state of 'sgd' does not match the configured 'adam'"));
    CHECK_THAT(message([](json& m) { m["config"]["batch"] = 0; }), Contains("config: "));
    // Named once, after the file: "FILE: nnfs.checkpoint: 'clean_epochs' must be …".
    for (const json& bad : {json(-1), json("one"), json(1000001)}) {
      INFO("clean_epochs " << bad.dump());
      const std::string msg = message([&](json& m) { m["config"]["clean_epochs"] = bad; });
      CHECK_THAT(msg, Contains("nnfs.checkpoint: 'clean_epochs' must be an integer from 0 to 1000000"));
      CHECK_THAT(msg, !Contains("config: "));
    }
    CHECK_THAT(message([](json& m) { m["epochs"] = json::array({1}); }), Contains("'epochs' must list the 0 finished epochs"));
  }
  SECTION("metadata that is not JSON") {
    SafetensorsFile file = load_safetensors(good);
    file.metadata["nnfs.checkpoint"] = "{\"version\": 1,";
    const std::string path = dir.file("json.ckpt");
    save_safetensors(path, file);
    CHECK_THAT(test::error_message([&] { load_checkpoint(path); }),
               StartsWith(path + ": nnfs.checkpoint: not valid JSON (byte "));
  }
  SECTION("optimizer arrays that do not fit the model") {
    SafetensorsFile file = load_safetensors(good);
    for (auto& t : file.tensors)
      if (t.name == "optimizer.m") t.tensor = Tensor({3});
    const std::string path = dir.file("opt.ckpt");
    save_safetensors(path, file);
    CHECK_THAT(test::error_message([&] { load_checkpoint(path); }),
               Contains("optimizer array 'm' has 3 values, the model has"));
  }
  SECTION("NaN or infinity in the weights or the optimizer state") {
    for (const char* name : {"layers.0.weight", "optimizer.v"}) {
      INFO(name);
      SafetensorsFile file = load_safetensors(good);
      for (auto& t : file.tensors)
        if (t.name == name) t.tensor.data()[1] = std::numeric_limits<float>::quiet_NaN();
      const std::string path = dir.file("nan.ckpt");
      save_safetensors(path, file);
      CHECK(test::error_message([&] { load_checkpoint(path); }) ==
            path + ": tensor '" + name + "': value 1 is NaN; a model must hold finite numbers");
    }
  }
  SECTION("a model holding NaN is not saved as a checkpoint") {
    Model bad = p.fresh_model();
    bad.net.params().values()[0] = std::numeric_limits<float>::infinity();
    const std::string path = dir.file("never.ckpt");
    CHECK(test::error_message([&] { save_checkpoint(path, bad, p.config, first.state); }) ==
          path + ": cannot save: tensor 'layers.0.weight': value 0 is +Inf; a model must hold finite numbers");
    CHECK_FALSE(std::filesystem::exists(path));
  }
  SECTION("a FIFO, a directory or /dev/zero") {
    const std::string fifo = dir.file("f.ckpt");
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    CHECK(test::error_message([&] { load_checkpoint(fifo); }) == fifo + ": is a named pipe (FIFO), expected a regular file");
    CHECK(test::error_message([&] { load_checkpoint(dir.path().string()); }) ==
          dir.path().string() + ": is a directory, expected a file");
    CHECK(test::error_message([&] { load_checkpoint("/dev/zero"); }) ==
          "/dev/zero: is a character device, expected a regular file");
  }
  SECTION("a checkpoint of other data: more batches done than the data has") {
    Checkpoint ck = load_checkpoint(good);
    const Dataset small = test::blobs(4, 10, 1);  // 40 samples: 2 batches of 32
    CHECK_THAT(test::error_message([&] { run_training(ck.model, small, nullptr, ck.config, {}, nullptr, &ck.state); }),
               StartsWith("cannot resume at epoch 1, batch 3 after 0 epochs: the run has 4 epochs of 2 batches"));
  }
}
