#include "engine/train/classify_digit.h"

#include <algorithm>
#include <cmath>

#include "engine/core/error.h"
#include "engine/core/parallel.h"
#include "engine/core/tensor.h"

namespace nnfs {

std::string digit_incompatibility(const Model& model) {
  const std::size_t inputs = shape_size(model.net.input_shape());
  if (inputs != kMnistSide * kMnistSide)
    return "this model reads " + shape_to_string(model.net.input_shape()) +
           " inputs; digit images are prepared as 28x28";
  if (shape_size(model.net.output_shape()) < 2) return "this model has no class outputs";
  return {};
}

void digit_input(const Model& model, const MnistDigit& digit, Tensor& x) {
  Shape shape = model.net.input_shape();
  shape.insert(shape.begin(), 1);
  x.resize(shape);
  // x = p·scale + offset, the scaling the model was trained with.
  for (std::size_t i = 0; i < digit.pixels.size(); ++i)
    x[i] = static_cast<float>(digit.pixels[i]) * model.input_scaling.scale + model.input_scaling.offset;
}

DigitGuess classify_digit_image(const Model* model, const GrayImage& image, Workspace* ws) {
  DigitGuess g;
  g.digit = preprocess_digit(image);
  if (!g.digit || !model) return g;
  if (const std::string why = digit_incompatibility(*model); !why.empty()) throw Error(why);

  Tensor x;
  digit_input(*model, *g.digit, x);
  Workspace own;
  // One task of the engine's pool, so every kernel inside runs serially on this thread (nested
  // calls do, engine/core/parallel.h): a batch of one gains nothing from threads, and a UI thread
  // must never wait for a pool worker that a busy machine has not scheduled yet. Results are the
  // same for any thread count.
  parallel_tasks(1, [&](int) {
    const Tensor& y = model->net.forward(x, ws ? *ws : own);
    g.probs.assign(y.data(), y.data() + y.size());
  });

  // p = softmax(y) unless y already is a probability vector (non-negative, finite, Σ = 1).
  double sum = 0.0;
  bool probabilities = true;
  for (const float v : g.probs) {
    probabilities = probabilities && v >= 0.0f && std::isfinite(v);
    sum += v;
  }
  if (!probabilities || std::abs(sum - 1.0) > 1e-3) {
    const float top = *std::max_element(g.probs.begin(), g.probs.end());
    double z = 0.0;
    for (float& v : g.probs) z += (v = std::exp(v - top));
    for (float& v : g.probs) v = static_cast<float>(v / z);
  }
  g.label = static_cast<int>(std::max_element(g.probs.begin(), g.probs.end()) - g.probs.begin());
  return g;
}

}  // namespace nnfs
