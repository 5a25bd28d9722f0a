#include "engine/train/checkpoint.h"

#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <limits>

#include "engine/core/error.h"
#include "engine/model/model_file.h"
#include "engine/model/safetensors.h"
#include "engine/util/range_text.h"

namespace nnfs {

namespace {

using json = nlohmann::json;

constexpr const char* kCheckpointKey = "nnfs.checkpoint";
constexpr const char* kOptimizerPrefix = "optimizer.";
constexpr int kVersion = 2;  // 2: the history has every batch's loss ("batch_loss", "batch_end")

// ---- writing ----------------------------------------------------------------------------------

// RNG words as fixed-width hex strings: exact, and readable by JSON libraries that hold numbers
// as doubles.
json rng_to_json(const Rng::State& s) {
  json words = json::array();
  for (std::uint64_t w : s.s) {
    char text[19];
    std::snprintf(text, sizeof text, "%016" PRIx64, w);
    words.push_back(text);
  }
  return words;
}

json epoch_to_json(const EpochResult& r) {
  return {{"epoch", r.epoch},
          {"train_loss", r.train_loss},
          {"regularization_loss", r.regularization_loss},
          {"learning_rate", r.learning_rate},
          {"train_acc", r.train_acc},
          {"test_loss", r.test_loss ? json(*r.test_loss) : json(nullptr)},
          {"test_acc", r.test_acc ? json(*r.test_acc) : json(nullptr)},
          {"seconds", r.seconds},
          {"samples_per_second", r.samples_per_second}};
}

json history_epochs_to_json(const TrainingHistory& h) {
  json epochs = json::array();
  for (std::size_t i = 0; i < h.epochs.size(); ++i) {
    json e = epoch_to_json(h.epochs[i]);
    e["batch_end"] = h.epoch_batch_end[i];
    epochs.push_back(std::move(e));
  }
  return epochs;
}

json config_to_json(const TrainConfig& c) {
  json j = c.to_json();
  j["threads"] = c.threads;
  return j;
}

// ---- reading: every value checked, errors name the file and the key -----------------------------

class Reader {
 public:
  Reader(const std::string& path, std::string where) : path_(path), where_(std::move(where)) {}

  [[noreturn]] void fail(const std::string& what) const {
    throw Error(path_ + ": " + where_ + ": " + what);
  }

  const json& member(const json& obj, const char* key) const {
    if (!obj.is_object()) fail("expected a JSON object");
    auto it = obj.find(key);
    if (it == obj.end()) fail(std::string("'") + key + "' is missing");
    return *it;
  }

  std::uint64_t count(const json& obj, const char* key,
                      std::uint64_t max = std::numeric_limits<std::uint32_t>::max()) const {
    const json& v = member(obj, key);
    if (!v.is_number_unsigned() || v.get<std::uint64_t>() > max) fail(integer_range_message(key, 0, max, v.dump()));
    return v.get<std::uint64_t>();
  }

  double number(const json& obj, const char* key) const {
    const json& v = member(obj, key);
    if (!v.is_number() || !std::isfinite(v.get<double>())) fail(std::string("'") + key + "' must be a finite number");
    return v.get<double>();
  }

  std::optional<double> optional_number(const json& obj, const char* key) const {
    const json& v = member(obj, key);
    if (v.is_null()) return std::nullopt;
    if (!v.is_number()) fail(std::string("'") + key + "' must be a number or null");
    return v.get<double>();
  }

  std::string string(const json& obj, const char* key) const {
    const json& v = member(obj, key);
    if (!v.is_string()) fail(std::string("'") + key + "' must be a string");
    return v.get<std::string>();
  }

  Rng::State rng(const json& obj, const char* key) const {
    const json& v = member(obj, key);
    if (!v.is_array() || v.size() != 4) fail(std::string("'") + key + "' must be 4 hex words");
    Rng::State s{};
    bool nonzero = false;
    for (std::size_t i = 0; i < 4; ++i) {
      const std::string text = v[i].is_string() ? v[i].get<std::string>() : "";
      std::uint64_t w = 0;
      if (text.size() != 16) fail(std::string("'") + key + "' must be 4 words of 16 hex digits");
      for (char c : text) {
        const int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
        if (d < 0) fail(std::string("'") + key + "' must be 4 words of 16 hex digits");
        w = (w << 4) | static_cast<std::uint64_t>(d);
      }
      s.s[i] = w;
      nonzero = nonzero || w != 0;
    }
    // xoshiro256** never leaves the all-zero state: it cannot come from a real generator.
    if (!nonzero) fail(std::string("'") + key + "' is all zeros, not a generator state");
    return s;
  }

 private:
  const std::string& path_;
  std::string where_;
};

TrainConfig config_from_json(const Reader& r, const json& j) {
  TrainConfig c;
  c.epochs = r.count(j, "epochs", kMaxEpochs);
  c.batch = r.count(j, "batch", kMaxBatch);
  c.seed = r.count(j, "seed", std::numeric_limits<std::uint64_t>::max());
  c.threads = static_cast<int>(r.count(j, "threads", kMaxThreads));
  c.validation_split = r.number(j, "validation_split");
  if (j.contains("clean_epochs")) c.clean_epochs = r.count(j, "clean_epochs", kMaxEpochs);  // only when set
  try {
    c.optimizer = OptimizerConfig::from_json(r.member(j, "optimizer"));
    if (j.contains("lr_schedule")) {  // written only when not constant (TrainConfig::to_json)
      const json& schedule = r.member(j, "lr_schedule");
      c.schedule = LrSchedule::parse(r.string(schedule, "schedule"));
      if (schedule.contains("warmup")) c.schedule.warmup = r.number(schedule, "warmup");
    }
    if (j.contains("augment")) {
      const json& a = r.member(j, "augment");
      c.augment = AugmentConfig{};
      c.augment->shift = static_cast<float>(r.number(a, "shift"));
      c.augment->rotation = static_cast<float>(r.number(a, "rotation"));
      c.augment->scale = static_cast<float>(r.number(a, "scale"));
      c.augment->shear = static_cast<float>(r.number(a, "shear"));
    }
    c.validate();
  } catch (const Error& e) {
    r.fail(std::string("config: ") + e.what());
  }
  return c;
}

EpochResult epoch_from_json(const Reader& r, const json& j) {
  EpochResult e;
  e.epoch = r.count(j, "epoch", kMaxEpochs);
  e.train_loss = r.number(j, "train_loss");
  e.regularization_loss = r.number(j, "regularization_loss");
  e.learning_rate = r.number(j, "learning_rate");
  e.train_acc = r.number(j, "train_acc");
  e.test_loss = r.optional_number(j, "test_loss");
  e.test_acc = r.optional_number(j, "test_acc");
  e.seconds = r.number(j, "seconds");
  e.samples_per_second = r.number(j, "samples_per_second");
  return e;
}

// Version 1 has no batch losses: its epochs end at batch 0.
void read_history(const Reader& r, const json& meta, std::uint64_t version, TrainState& s) {
  if (version >= 2) {
    const json& losses = r.member(meta, "batch_loss");
    if (!losses.is_array()) r.fail("'batch_loss' must be a list of numbers");
    for (const json& v : losses) {
      if (!v.is_number() || !std::isfinite(v.get<double>())) r.fail("'batch_loss' must be a list of finite numbers");
      s.history.batch_loss.push_back(v.get<float>());
    }
  }
  const json& epochs = r.member(meta, "epochs");
  if (!epochs.is_array() || epochs.size() != s.epoch - 1)
    r.fail("'epochs' must list the " + std::to_string(s.epoch - 1) + " finished epochs");
  for (const json& e : epochs) {
    s.history.epochs.push_back(epoch_from_json(r, e));
    if (s.history.epochs.back().epoch != s.history.epochs.size())
      r.fail("'epochs' must be numbered 1, 2, 3, ...");
    const std::size_t before = s.history.epoch_batch_end.empty() ? 0 : s.history.epoch_batch_end.back();
    const std::size_t end = version >= 2 ? r.count(e, "batch_end", s.history.batch_loss.size()) : 0;
    if (end < before) r.fail("'batch_end' must not decrease from epoch to epoch");
    s.history.epoch_batch_end.push_back(end);
  }
}

}  // namespace

void save_checkpoint(const std::string& path, const Model& model, const TrainConfig& config,
                     const TrainState& state, const json& info) {
  check_model_finite(model, path + ": cannot save");
  SafetensorsFile file = model_to_safetensors(model);
  json arrays = json::array();
  for (const auto& [name, values] : state.optimizer.arrays) {
    arrays.push_back(name);
    if (values.empty()) continue;  // not sized yet: before the first step
    Tensor t({values.size()});
    std::copy(values.begin(), values.end(), t.data());
    file.tensors.push_back({kOptimizerPrefix + name, std::move(t)});
  }
  const json meta = {
      {"version", kVersion},
      {"epoch", state.epoch},
      {"step", state.step},
      {"shuffle_rng", rng_to_json(state.shuffle_rng)},
      {"layer_rng", rng_to_json(state.layer_rng)},
      {"optimizer", {{"type", state.optimizer.type ? to_string(*state.optimizer.type) : ""}, {"steps", state.optimizer.steps}, {"arrays", arrays}}},
      {"loss_sum", state.loss_sum},
      {"correct", state.correct},
      {"judged", state.judged},
      {"epochs", history_epochs_to_json(state.history)},
      {"batch_loss", state.history.batch_loss},
      {"config", config_to_json(config)},
      {"info", info.is_object() ? info : json::object()},
  };
  file.metadata[kCheckpointKey] = meta.dump();
  save_safetensors(path, file);
}

Checkpoint load_checkpoint(const std::string& path) {
  std::optional<Checkpoint> ck = load_checkpoint_if_any(path);
  if (!ck)
    throw Error(path + ": not a checkpoint (no '" + std::string(kCheckpointKey) +
                "' metadata; checkpoints are written by nnfs train --checkpoint FILE and the studio)");
  return std::move(*ck);
}

std::optional<Checkpoint> load_checkpoint_if_any(const std::string& path) {
  SafetensorsFile file = load_safetensors(path);
  auto it = file.metadata.find(kCheckpointKey);
  if (it == file.metadata.end()) return std::nullopt;
  const Reader r(path, kCheckpointKey);
  json meta;
  try {
    meta = json::parse(it->second);
  } catch (const json::parse_error& e) {
    r.fail("not valid JSON (byte " + std::to_string(e.byte) + ")");
  } catch (const json::exception&) {  // out_of_range: a number beyond double
    r.fail("not valid JSON (a number is out of range)");
  }
  const std::uint64_t version = r.count(meta, "version");
  if (version != 1 && version != kVersion)
    r.fail("version " + meta["version"].dump() + " is not supported (expected 1 or " +
           std::to_string(kVersion) + ")");

  Checkpoint ck;
  ck.config = config_from_json(r, r.member(meta, "config"));
  const json& info = r.member(meta, "info");
  if (!info.is_object()) r.fail("'info' must be an object");
  ck.info = info;

  TrainState& s = ck.state;
  s.epoch = r.count(meta, "epoch", ck.config.epochs + 1);
  s.step = r.count(meta, "step");
  if (s.epoch == 0) r.fail("'epoch' must be at least 1");
  s.shuffle_rng = r.rng(meta, "shuffle_rng");
  s.layer_rng = r.rng(meta, "layer_rng");
  s.loss_sum = r.number(meta, "loss_sum");
  s.correct = r.count(meta, "correct", std::numeric_limits<std::uint64_t>::max());
  s.judged = r.count(meta, "judged", std::numeric_limits<std::uint64_t>::max());
  if (s.correct > s.judged) r.fail("'correct' is larger than 'judged'");
  read_history(r, meta, version, s);

  // The optimizer's arrays are tensors "optimizer.<name>"; take them out before the model is read.
  const json& opt = r.member(meta, "optimizer");
  const std::string type = r.string(opt, "type");
  s.optimizer.steps = r.count(opt, "steps", std::numeric_limits<std::uint64_t>::max());
  if (type != to_string(ck.config.optimizer.type))
    r.fail("optimizer state of '" + type + "' does not match the configured '" +
           to_string(ck.config.optimizer.type) + "'");
  s.optimizer.type = ck.config.optimizer.type;
  const json& arrays = r.member(opt, "arrays");
  if (!arrays.is_array()) r.fail("'arrays' must be a list of names");
  for (const json& name : arrays) {
    if (!name.is_string()) r.fail("'arrays' must be a list of names");
    std::vector<float> values;
    if (const Tensor* t = file.find(kOptimizerPrefix + name.get<std::string>())) {
      if (t->rank() != 1) r.fail("tensor '" + std::string(kOptimizerPrefix) + name.get<std::string>() + "' must be 1-D");
      check_finite(t->data(), t->size(), path + ": tensor '" + kOptimizerPrefix + name.get<std::string>() + "'");
      values.assign(t->data(), t->data() + t->size());
    }
    s.optimizer.arrays.emplace_back(name.get<std::string>(), std::move(values));
  }
  std::erase_if(file.tensors, [](const NamedTensor& t) { return t.name.starts_with(kOptimizerPrefix); });
  file.metadata.erase(kCheckpointKey);
  ck.model = model_from_safetensors(file, path);

  // Sizes against the model: run_training checks the rest when it resumes.
  for (const auto& [name, values] : s.optimizer.arrays)
    if (!values.empty() && values.size() != ck.model.net.param_count())
      r.fail("optimizer array '" + name + "' has " + std::to_string(values.size()) +
             " values, the model has " + std::to_string(ck.model.net.param_count()) + " parameters");
  return ck;
}

}  // namespace nnfs
