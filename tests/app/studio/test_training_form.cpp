// The Training tab's form without a window: what it turns into (architecture text, TrainConfig),
// the layer-list editor's rows, the network preview and the epoch event's keys.
#include <catch2/catch.hpp>

#include <string>

#include "app/studio/training_form.h"
#include "engine/core/error.h"
#include "engine/model/architecture.h"

using namespace nnfs;
using namespace nnfs::studio;

TEST_CASE("A preset form trains that preset with its recipe", "[studio][training]") {
  TrainingForm f;
  choose_preset(f, "cnn");
  CHECK(architecture_text(f) == "cnn");
  CHECK(f.augment);
  CHECK(f.schedule == LrSchedule::Kind::OneCycle);
  CHECK(f.optimizer.lr == Approx(4e-3f));
  choose_preset(f, "mlp");
  CHECK_FALSE(f.augment);
  CHECK(f.schedule == LrSchedule::Kind::Constant);
  // The layer list starts as the preset's layers, so switching to it edits the same network.
  f.use_preset = false;
  CHECK(architecture_text(f) == to_arch_string(resolve_architecture("mlp", 10)));
}

TEST_CASE("The layer list becomes an architecture string in its order", "[studio][training]") {
  TrainingForm f;
  f.use_preset = false;
  f.layers = {{"flatten", ""}, {"dense", "32:l2=5e-4"}, {"relu", ""}, {"dense", "10"}, {"softmax", ""}};
  CHECK(architecture_text(f) == "flatten,dense:32:l2=5e-4,relu,dense:10,softmax");
  CHECK(move_layer(f.layers, 2, -1));
  CHECK(architecture_text(f) == "flatten,relu,dense:32:l2=5e-4,dense:10,softmax");
  CHECK(move_layer(f.layers, 1, +1));
  CHECK(architecture_text(f) == "flatten,dense:32:l2=5e-4,relu,dense:10,softmax");
  CHECK_FALSE(move_layer(f.layers, 0, -1));
  CHECK_FALSE(move_layer(f.layers, 4, +1));
  CHECK_FALSE(move_layer(f.layers, 9, -1));
}

TEST_CASE("Layer rows read back an architecture with its options", "[studio][training]") {
  const auto rows = layer_rows(parse_architecture("dense:64:l2=0.001,leaky_relu:0.2,dropout:0.1"));
  REQUIRE(rows.size() == 3);
  CHECK(rows[0].type == "dense");
  CHECK(rows[0].args.rfind("64", 0) == 0);
  CHECK(rows[1] == LayerRow{"leaky_relu", "0.2"});
  CHECK(rows[2] == LayerRow{"dropout", "0.1"});
}

TEST_CASE("The network preview counts parameters and output shapes", "[studio][training]") {
  TrainingForm f;
  f.use_preset = false;
  f.layers = {{"flatten", ""}, {"dense", "32"}, {"relu", ""}, {"dense", "10"}, {"softmax", ""}};
  const NetworkPreview p = preview_network(f, {28, 28}, 10);
  REQUIRE(p.error.empty());
  REQUIRE(p.rows.size() == 5);
  CHECK(p.rows[0].output == "784");
  CHECK(p.rows[1].output == "32");
  CHECK(p.rows[1].params == 784 * 32 + 32);
  CHECK(p.params == 784 * 32 + 32 + 32 * 10 + 10);

  f.layers = {{"conv2d", "8"}, {"relu", ""}};
  const NetworkPreview conv = preview_network(f, {1, 28, 28}, 10);
  REQUIRE(conv.error.empty());
  CHECK(conv.rows[0].output == "8x26x26");
}

TEST_CASE("An invalid layer list shows the engine's one-line message", "[studio][training]") {
  TrainingForm f;
  f.use_preset = false;
  f.layers = {{"dens", "32"}};
  const NetworkPreview p = preview_network(f, {28, 28}, 10);
  CHECK(p.error.find("dens") != std::string::npos);
  CHECK(p.error.find('\n') == std::string::npos);
  CHECK(p.rows.empty());
}

TEST_CASE("The form's settings become the TrainConfig", "[studio][training]") {
  TrainingForm f;
  choose_optimizer(f, "sgd");
  f.optimizer.momentum = 0.9f;
  f.optimizer.nesterov = true;
  f.epochs = 3;
  f.batch = 64;
  f.validation_split = 0.1f;
  f.augment = true;
  f.schedule = LrSchedule::Kind::Cosine;
  f.seed = 7;
  f.threads = 1;
  const TrainConfig c = training_config(f);
  CHECK(c.epochs == 3);
  CHECK(c.batch == 64);
  CHECK(c.optimizer.type == OptimizerType::Sgd);
  CHECK(c.optimizer.lr == Approx(OptimizerConfig::defaults("sgd").lr));
  CHECK(c.optimizer.momentum == Approx(0.9f));
  CHECK(c.optimizer.nesterov);
  CHECK(c.validation_split == Approx(0.1));
  CHECK(c.augment.has_value());
  CHECK(c.schedule.kind == LrSchedule::Kind::Cosine);
  CHECK(c.seed == 7);
  CHECK(c.threads == 1);
}

TEST_CASE("Bad form settings are refused with the setting's name", "[studio][training]") {
  TrainingForm f;
  f.epochs = 0;
  CHECK_THROWS_AS(training_config(f), Error);
  f.epochs = 1;
  f.validation_split = 1.0f;
  CHECK_THROWS_AS(training_config(f), Error);
}

TEST_CASE("Epoch events have exactly the keys of nnfs train --log-json", "[studio][training]") {
  EpochResult r;
  r.epoch = 2;
  r.train_loss = 0.3;
  r.train_acc = 0.9;
  r.test_loss = 0.25;
  r.test_acc = 0.93;
  r.seconds = 4.5;
  r.learning_rate = 0.001;
  const nlohmann::json e = epoch_event(r);
  std::vector<std::string> keys;
  for (const auto& item : e.items()) keys.push_back(item.key());
  std::sort(keys.begin(), keys.end());
  CHECK(keys == std::vector<std::string>{"epoch", "seconds", "test_acc", "test_loss", "train_acc", "train_loss"});
  CHECK(e["test_acc"] == Approx(0.93));
}
