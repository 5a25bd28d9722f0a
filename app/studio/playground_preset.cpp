#include "app/studio/playground_preset.h"

#include "engine/core/error.h"

namespace nnfs::studio {

namespace {

using json = nlohmann::json;

json dense(int units) { return json{{"type", "dense"}, {"units", units}}; }
json activation(const char* type) { return json{{"type", type}}; }

// Adam with the book's spiral settings; the whole data set as one batch, as the book trains.
TrainConfig book_adam(float lr, float decay, std::size_t samples) {
  TrainConfig t;
  t.optimizer = OptimizerConfig::defaults("adam");
  t.optimizer.lr = lr;
  t.optimizer.lr_decay = decay;
  t.batch = samples;
  t.epochs = 10'000;
  t.threads = 1;  // toy sizes: one thread, leaving the other core to the UI
  return t;
}

}  // namespace

std::vector<std::string> playground_set_names() { return {"spiral", "vertical", "sine", "circles", "xor", "moons"}; }

PlaygroundPreset playground_preset(const std::string& set) {
  const json classifier3 = json::array({dense(64), activation("relu"), dense(3), activation("softmax")});
  const json classifier2 = json::array({dense(16), activation("relu"), dense(2), activation("softmax")});
  if (set == "spiral" || set == "vertical")
    return {set, set + ":3:100", classifier3, "categorical_crossentropy", book_adam(0.05f, 5e-7f, 300)};
  if (set == "sine")
    return {set, "sine:1000",
            json::array({dense(64), activation("relu"), dense(64), activation("relu"), dense(1), activation("linear")}),
            "mse", book_adam(0.005f, 1e-3f, 1000)};
  if (set == "circles" || set == "xor" || set == "moons")
    return {set, set + ":100", classifier2, "categorical_crossentropy", book_adam(0.05f, 5e-7f, 200)};
  std::string known;
  for (const std::string& name : playground_set_names()) known += (known.empty() ? "" : ", ") + name;
  throw Error("--playground " + set + ": unknown data set, expected one of " + known);
}

}  // namespace nnfs::studio
