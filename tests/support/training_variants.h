// The training settings a "same run, same bytes" test must cover: every optimizer, dropout,
// augmentation and every learning-rate schedule, on a network small enough for ThreadSanitizer.
// Each variant also says how `nnfs train` is told the same settings.
#pragma once

#include <string>
#include <vector>

#include "engine/train/train_config.h"

namespace nnfs::test {

struct TrainingVariant {
  std::string name;
  std::string arch;                 // architecture string (--arch)
  TrainConfig config;               // epochs, batch, seed and threads set by the test
  std::vector<std::string> flags;   // the same settings as nnfs train flags
};

inline std::vector<TrainingVariant> training_variants() {
  const std::string plain = "flatten,dense:16,relu,dense:10,softmax";
  const std::string dropout = "flatten,dense:16,relu,dropout:0.2,dense:10,softmax";
  auto variant = [](std::string name, std::string arch, const std::string& optimizer, float lr,
                    std::vector<std::string> extra) {
    TrainingVariant v{std::move(name), std::move(arch), {}, {"--optimizer", optimizer, "--lr", std::to_string(lr)}};
    v.config.optimizer = OptimizerConfig::defaults(optimizer);
    v.config.optimizer.lr = std::stof(std::to_string(lr));  // exactly what the flag says
    v.flags.insert(v.flags.end(), extra.begin(), extra.end());
    return v;
  };
  std::vector<TrainingVariant> all;
  all.push_back(variant("sgd, momentum, nesterov, decay, dropout", dropout, "sgd", 0.05f,
                        {"--momentum", "0.9", "--nesterov", "--decay", "0.01", "--no-augment", "--schedule", "constant"}));
  all.back().config.optimizer.momentum = 0.9f;
  all.back().config.optimizer.nesterov = true;
  all.back().config.optimizer.lr_decay = 0.01f;
  all.push_back(variant("adagrad", plain, "adagrad", 0.05f, {"--no-augment", "--schedule", "constant"}));
  all.push_back(variant("rmsprop, dropout", dropout, "rmsprop", 0.002f, {"--no-augment", "--schedule", "constant"}));
  all.push_back(variant("adam, dropout", dropout, "adam", 0.003f, {"--no-augment", "--schedule", "constant"}));
  all.push_back(variant("adamw", plain, "adamw", 0.003f, {"--no-augment", "--schedule", "constant"}));
  all.push_back(variant("adam, augmentation, cosine", plain, "adam", 0.004f, {"--augment", "--schedule", "cosine"}));
  all.back().config.augment = AugmentConfig{};
  all.back().config.schedule = LrSchedule::parse("cosine");
  all.push_back(variant("sgd, augmentation, dropout, one-cycle", dropout, "sgd", 0.05f,
                        {"--augment", "--schedule", "onecycle"}));
  all.back().config.augment = AugmentConfig{};
  all.back().config.schedule = LrSchedule::parse("onecycle");
  all.push_back(variant("adam, augmentation but the last epoch, one-cycle", plain, "adam", 0.004f,
                        {"--augment", "--clean-epochs", "1", "--schedule", "onecycle"}));
  all.back().config.augment = AugmentConfig{};
  all.back().config.clean_epochs = 1;
  all.back().config.schedule = LrSchedule::parse("onecycle");
  return all;
}

}  // namespace nnfs::test
