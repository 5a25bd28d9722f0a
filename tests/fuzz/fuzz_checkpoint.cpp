// libFuzzer target: the checkpoint reader (engine/train/checkpoint) on the run's JSON. The input is
// the text of the "nnfs.checkpoint" metadata of a real checkpoint — a small MLP trained with Adam
// and stopped inside its second epoch — whose tensors (weights, Adam's m and v) stay as saved;
// the container itself is fuzz_safetensors' job. The contract: load_checkpoint throws nothing but
// a one-line nnfs::Error, and a checkpoint it accepts saves and loads back to the same run.
//
// Seeds: NNFS_FUZZ_WRITE_SEED=FILE fuzz_checkpoint -runs=0 writes the base checkpoint's JSON to
// FILE (tests/fuzz/corpus/checkpoint/ holds it and two hand-made variants).
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <span>
#include <string>

#include "engine/model/architecture.h"
#include "engine/model/safetensors.h"
#include "engine/train/checkpoint.h"
#include "tests/fuzz/fuzz_util.h"

using namespace nnfs;
using json = nlohmann::json;

namespace {

constexpr const char* kKey = "nnfs.checkpoint";

// save_checkpoint writes a temporary file and renames it, so it needs a real directory.
const std::string& temp_dir() {
  static const fuzz::TempDir dir("nnfs-fuzz-checkpoint");
  return dir.path();
}

// 24 points in 4 dimensions, 3 classes: 3 batches of 8 per epoch.
Dataset tiny_data() {
  Dataset d;
  d.source = "fuzz";
  d.count = 24;
  d.sample_shape = {4};
  d.class_names = {"a", "b", "c"};
  for (std::size_t i = 0; i < d.count; ++i) {
    d.labels.push_back(static_cast<std::int32_t>(i % 3));
    for (std::size_t k = 0; k < 4; ++k)
      d.features.push_back(static_cast<float>((i * 7 + k * 3) % 11) / 11.0f - 0.5f + (k == i % 3 ? 1.0f : 0.0f));
  }
  return d;
}

// The base checkpoint: saved at epoch 2, step 1 of a 3-epoch run, parsed back into its container.
struct Base {
  SafetensorsFile file;
  std::string json_text;
  Base() {
    const Dataset data = tiny_data();
    const json arch = parse_architecture("dense:8,relu,dropout:0.1,dense:3,softmax");
    Model model;
    model.net = Sequential::from_architecture(data.sample_shape, arch);
    TrainConfig config;
    config.epochs = 3;
    config.batch = 8;
    config.seed = 5;
    config.threads = 1;
    config.optimizer = OptimizerConfig::defaults("adam");
    model.net.init(config.seed);
    model.loss = default_loss(arch);
    model.class_names = data.class_names;
    std::atomic<bool> stop{false};
    std::size_t batches = 0;
    TrainCallbacks callbacks;
    callbacks.on_batch = [&](const BatchProgress&) {
      if (++batches == 4) stop = true;
    };
    const TrainResult result = run_training(model, data, &data, config, callbacks, &stop);
    const std::string path = temp_dir() + "/base.ckpt";
    save_checkpoint(path, model, config, result.state, {{"data", "fuzz"}});
    std::ifstream in(path, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    file = parse_safetensors(std::as_bytes(std::span(bytes.data(), bytes.size())), "base");
    json_text = file.metadata.at(kKey);
  }
};

const Base& base() {
  static const Base b;
  return b;
}

// What a reload must keep of the run.
json summary(const Checkpoint& ck) {
  const TrainState& s = ck.state;
  return {{"config", ck.config.to_json()},
          {"epoch", s.epoch},
          {"step", s.step},
          {"loss_sum", s.loss_sum},
          {"correct", s.correct},
          {"judged", s.judged},
          {"optimizer_steps", s.optimizer.steps},
          {"optimizer_arrays", s.optimizer.arrays.size()},
          {"epochs", s.history.epochs.size()},
          {"batch_losses", s.history.batch_loss.size()},
          {"info", ck.info}};
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  if (const char* seed = std::getenv("NNFS_FUZZ_WRITE_SEED")) {
    std::ofstream(seed, std::ios::binary) << base().json_text;
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static fuzz::MemFile file("fuzz-checkpoint");
  static const std::string again = temp_dir() + "/again.ckpt";
  SafetensorsFile st = base().file;
  st.metadata[kKey] = std::string(reinterpret_cast<const char*>(data), size);
  std::vector<std::byte> bytes;
  try {
    bytes = serialize_safetensors(st);
  } catch (const Error&) {
    return 0;  // not UTF-8: no safetensors file holds it (its parser is fuzz_safetensors' job)
  }
  file.write(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());

  fuzz::expect_clean_error([&] {
    const Checkpoint ck = load_checkpoint(file.path());
    save_checkpoint(again, ck);
    const Checkpoint reloaded = load_checkpoint(again);
    if (summary(ck) != summary(reloaded)) {
      std::fprintf(stderr, "%s\n%s\n", summary(ck).dump().c_str(), summary(reloaded).dump().c_str());
      fuzz::property_failed("a checkpoint that was read does not save and load back to the same run");
    }
  });
  return 0;
}
