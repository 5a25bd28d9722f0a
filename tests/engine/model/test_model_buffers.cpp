// Buffers: non-trainable layer state (BatchNorm's running statistics) kept beside the
// parameters, saved in the model file, copied by clone, and never seen by an optimizer.
#include <catch2/catch.hpp>

#include "engine/model/model_file.h"
#include "engine/model/safetensors.h"
#include "support/temp_dir.h"

using namespace nnfs;
using json = nlohmann::json;

namespace {

Model small_cnn() {
  Model m;
  m.net = Sequential::from_architecture(
      {6, 6}, json::array({{{"type", "conv2d"}, {"filters", 2}, {"kernel", {3, 3}}, {"padding", 1}},
                           {{"type", "batchnorm"}},
                           {{"type", "relu"}},
                           {{"type", "maxpool2d"}, {"size", 2}},
                           {{"type", "flatten"}},
                           {{"type", "dense"}, {"units", 3}},
                           {{"type", "softmax"}}}));
  m.net.init(3);
  m.class_names = {"a", "b", "c"};
  return m;
}

void train_a_little(Sequential& net) {
  Tensor x({4, 6, 6});
  Rng rng(9);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = rng.uniform(0.0f, 2.0f);
  Workspace ws;
  net.forward_training(x, ws, rng);  // updates the running statistics
}

}  // namespace

TEST_CASE("model buffers: batchnorm statistics are buffers, not parameters", "[layers][batchnorm][model]") {
  Model m = small_cnn();
  CHECK(m.net.params().entries().size() == 6);  // conv w, b; bn γ, β; dense W, b
  REQUIRE(m.net.buffers().entries().size() == 2);
  CHECK(m.net.buffers().entries()[0].name == "layers.1.running_mean");
  CHECK(m.net.buffers().entries()[1].name == "layers.1.running_var");
  CHECK(m.net.buffers().values()[2] == 1.0f);  // running variance starts at 1
}

TEST_CASE("model buffers: saved, loaded and cloned with the model", "[layers][batchnorm][model]") {
  test::TempDir dir;
  Model m = small_cnn();
  train_a_little(m.net);
  const std::vector<float> stats(m.net.buffers().values().begin(), m.net.buffers().values().end());
  REQUIRE(stats[0] != 0.0f);
  save_model(dir.file("m.safetensors"), m);

  const SafetensorsFile raw = load_safetensors(dir.file("m.safetensors"));
  REQUIRE(raw.find("layers.1.running_var") != nullptr);
  CHECK(raw.find("layers.1.running_var")->shape() == Shape{2});

  Model loaded = load_model(dir.file("m.safetensors"));
  CHECK(std::vector<float>(loaded.net.buffers().values().begin(), loaded.net.buffers().values().end()) == stats);
  Sequential copy = m.net.clone();
  CHECK(std::vector<float>(copy.buffers().values().begin(), copy.buffers().values().end()) == stats);

  // Same outputs at inference: the statistics, not just the weights, came back.
  Tensor x({2, 6, 6}, 0.7f);
  Workspace ws;
  const Tensor a = m.net.forward(x, ws);
  const Tensor b = loaded.net.forward(x, ws);
  for (std::size_t i = 0; i < a.size(); ++i) CHECK(a[i] == b[i]);
}

TEST_CASE("model buffers: a file without the running statistics is refused", "[layers][batchnorm][model]") {
  test::TempDir dir;
  Model m = small_cnn();
  save_model(dir.file("m.safetensors"), m);
  SafetensorsFile raw = load_safetensors(dir.file("m.safetensors"));
  std::erase_if(raw.tensors, [](const auto& t) { return t.name == "layers.1.running_mean"; });
  save_safetensors(dir.file("bad.safetensors"), raw);
  CHECK_THROWS_WITH(load_model(dir.file("bad.safetensors")),
                    Catch::Matchers::Contains("layers.1.running_mean") && Catch::Matchers::Contains("missing"));
}
