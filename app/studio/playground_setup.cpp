#include "app/studio/playground_setup.h"

#include <charconv>
#include <cmath>

#include "engine/core/error.h"
#include "engine/data/playground_datasets.h"
#include "engine/train/new_model.h"

namespace nnfs::studio {

namespace {

using json = nlohmann::json;

// The numbers after the set's name in a --data spec ("spiral:3:100" → {3, 100}).
std::vector<int> spec_numbers(const std::string& spec) {
  std::vector<int> out;
  for (std::size_t at = spec.find(':'); at != std::string::npos; at = spec.find(':', at + 1)) {
    int n = 0;
    std::from_chars(spec.data() + at + 1, spec.data() + spec.size(), n);
    out.push_back(n);
  }
  return out;
}

}  // namespace

std::vector<std::string> playground_activations() { return {"relu", "tanh", "sigmoid", "leaky_relu", "linear"}; }
std::vector<std::string> playground_optimizers() { return {"sgd", "adagrad", "rmsprop", "adam"}; }
bool is_regression(const PlaygroundSetup& s) { return s.set == "sine"; }
bool has_noise(const PlaygroundSetup& s) { return s.set != "sine" && s.set != "vertical"; }
bool has_classes(const PlaygroundSetup& s) { return s.set == "spiral" || s.set == "vertical"; }

// The architecture alternates dense and activation layers; the last dense is the output layer.
PlaygroundSetup setup_from_preset(const PlaygroundPreset& p) {
  PlaygroundSetup s;
  s.set = p.set;
  const std::vector<int> sizes = spec_numbers(p.data_spec);
  if (has_classes(s)) {
    s.classes = sizes.at(0);
    s.points = sizes.at(1);
  } else {
    s.classes = 2;
    s.points = sizes.at(0);
  }
  s.noise = s.set == "spiral" ? 0.2f : kTwoClassNoise;
  const json& arch = p.architecture;
  for (std::size_t i = 0; i + 2 < arch.size(); i += 2)
    s.hidden.push_back({arch[i].at("units").get<int>(), arch[i + 1].at("type").get<std::string>()});
  s.loss = p.loss;
  s.optimizer = to_string(p.train.optimizer.type);
  s.lr = p.train.optimizer.lr;
  s.decay = p.train.optimizer.lr_decay;
  s.epochs = p.train.epochs;
  s.seed = p.train.seed;
  return s;
}

ToyData playground_data(const PlaygroundSetup& s) {
  const auto points = static_cast<std::size_t>(s.points), classes = static_cast<std::size_t>(s.classes);
  ToyData data;
  if (s.set == "sine") {
    data = {sine_data(points), sine_data(points, 0.5f)};
  } else if (s.set == "spiral") {
    // The slider's float to 4 decimals in double, so 0.2f is the book's 0.2 exactly (same data).
    const double noise = std::round(static_cast<double>(s.noise) * 1e4) / 1e4;
    data = {spiral_data(points, classes, kSpiralTrainSeed, noise), spiral_data(points, classes, kSpiralTestSeed, noise)};
  } else if (s.set == "vertical") {
    data = {vertical_data(points, classes, kSpiralTrainSeed), vertical_data(points, classes, kSpiralTestSeed)};
  } else {
    using Make = Dataset (*)(std::size_t, float, std::uint64_t);
    const Make make = s.set == "circles" ? circles_data : s.set == "xor" ? xor_data : s.set == "moons" ? moons_data : nullptr;
    if (!make) throw Error("playground: unknown data set '" + s.set + "'");
    data = {make(points, s.noise, kSpiralTrainSeed), make(points, s.noise, kSpiralTestSeed)};
  }
  data.test.source += " (test draw)";
  return data;
}

json playground_architecture(const PlaygroundSetup& s, std::size_t outputs) {
  json dense_options = json::object();
  if (s.l1 > 0.0f) dense_options["l1"] = s.l1;
  if (s.l2 > 0.0f) dense_options["l2"] = s.l2;
  const auto dense = [&](int units) {
    json d = dense_options;
    d["type"] = "dense";
    d["units"] = units;
    return d;
  };
  json arch = json::array();
  for (const PlaygroundLayer& layer : s.hidden) {
    arch.push_back(dense(layer.units));
    arch.push_back({{"type", layer.activation}});
    if (s.dropout > 0.0f) arch.push_back({{"type", "dropout"}, {"rate", s.dropout}});
  }
  arch.push_back(dense(static_cast<int>(outputs)));
  arch.push_back({{"type", is_regression(s) ? "linear" : "softmax"}});
  return arch;
}

TrainConfig playground_train_config(const PlaygroundSetup& s, std::size_t samples) {
  TrainConfig t;
  t.optimizer = OptimizerConfig::defaults(s.optimizer);
  t.optimizer.lr = s.lr;
  t.optimizer.lr_decay = s.decay;
  if (t.optimizer.type == OptimizerType::Sgd) t.optimizer.momentum = s.momentum;
  t.batch = samples;
  t.epochs = s.epochs;
  t.seed = s.seed;
  t.threads = 1;  // toy sizes: one thread, leaving the other core to the UI
  t.validate();
  return t;
}

Model playground_model(const PlaygroundSetup& s, const Dataset& train) {
  const std::size_t outputs = is_regression(s) ? train.target_dim : train.num_classes();
  return new_model(playground_architecture(s, outputs), train, s.loss, s.seed);
}

}  // namespace nnfs::studio
