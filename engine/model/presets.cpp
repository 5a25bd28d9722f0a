#include <algorithm>

#include "engine/core/error.h"
#include "engine/model/model.h"

namespace nnfs {

namespace {

// "cnn": the small network PyTorch's and ggml's MNIST examples use (so speed compares directly):
//   conv 1→8 3x3 pad 1, relu, maxpool 2  →  conv 8→16 3x3 pad 1, relu, maxpool 2  →  flatten (784)
//   → dense K → softmax                                                  (9,098 parameters)
// "cnn-large": two VGG-style blocks with batch normalisation, then a small dense head:
//   [conv 32, bn, relu] x2, maxpool  →  [conv 64, bn, relu] x2, maxpool  →  flatten (3136)
//   → dense 128, bn, relu, dropout 0.3 → dense K → softmax
// "speedrun": the CPU MNIST speedrun's network (issue 16; recipe in assets/README.md), a tenth of
// cnn-large's multiply-adds: three [conv, bn, relu, maxpool] blocks of 16, 32 and 64 filters
//   (28 → 14 → 7 → 3)  →  flatten (576) → dense 128, relu → dense K → softmax   (98,666 parameters)
nlohmann::json cnn_preset(const std::string& name, std::size_t classes) {
  using json = nlohmann::json;
  auto conv = [](std::size_t filters) {
    return json{{"type", "conv2d"}, {"filters", filters}, {"kernel", {3, 3}}, {"padding", 1}, {"init", "he"}};
  };
  const json relu = {{"type", "relu"}}, pool = {{"type", "maxpool2d"}, {"size", 2}}, bn = {{"type", "batchnorm"}};
  const json flatten = {{"type", "flatten"}}, softmax = {{"type", "softmax"}};
  const json out = {{"type", "dense"}, {"units", classes}, {"init", "he"}};
  if (name == "cnn") return json::array({conv(8), relu, pool, conv(16), relu, pool, flatten, out, softmax});
  if (name == "speedrun")
    return json::array({conv(16), bn, relu, pool, conv(32), bn, relu, pool, conv(64), bn, relu, pool, flatten,
                        {{"type", "dense"}, {"units", 128}, {"init", "he"}}, relu, out, softmax});
  return json::array({conv(32), bn, relu, conv(32), bn, relu, pool, conv(64), bn, relu, conv(64), bn, relu, pool,
                      flatten, {{"type", "dense"}, {"units", 128}, {"init", "he"}}, bn, relu,
                      {{"type", "dropout"}, {"rate", 0.3}}, out, softmax});
}

}  // namespace

std::vector<std::string> preset_names() { return {"mlp", "nnfs", "cnn", "cnn-large", "speedrun"}; }

nlohmann::json preset_architecture(const std::string& name, std::size_t classes) {
  using json = nlohmann::json;
  auto dense = [](std::size_t units) { return json{{"type", "dense"}, {"units", units}, {"init", "he"}}; };
  const json relu = {{"type", "relu"}}, softmax = {{"type", "softmax"}};
  const auto names = preset_names();
  if (std::find(names.begin(), names.end(), name) == names.end())
    throw Error("unknown model preset '" + name + "' (expected mlp, nnfs, cnn, cnn-large or speedrun)");
  if (classes == 0)
    throw Error("model preset '" + name + "' is a classifier, but the data has no classes "
                "(give an architecture ending in dense:K for regression)");
  if (name == "mlp") return json::array({dense(128), relu, dense(classes), softmax});
  if (name == "cnn" || name == "cnn-large" || name == "speedrun") return cnn_preset(name, classes);
  // The book's Fashion-MNIST model (chapter 19): 784 → 128 → 128 → 10.
  return json::array({dense(128), relu, dense(128), relu, dense(classes), softmax});
}

}  // namespace nnfs
