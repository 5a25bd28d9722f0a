#include "app/studio/live_predictor.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>

#include "engine/core/parallel.h"
#include "engine/core/tensor.h"
#include "engine/data/preprocess.h"

namespace nnfs::studio {

std::string canvas_incompatibility(const Model& model) {
  const std::size_t inputs = shape_size(model.net.input_shape());
  if (inputs != 784)
    return "this model reads " + shape_to_string(model.net.input_shape()) +
           " inputs; the canvas makes 28x28 images";
  if (shape_size(model.net.output_shape()) < 2) return "this model has no class outputs";
  return {};
}

namespace {
double thread_cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) * 1e-6;
}
}  // namespace

Prediction predict_canvas(Model* model, const std::vector<std::uint8_t>& raster, int side) {
  const auto start = std::chrono::steady_clock::now();
  const double cpu_start = thread_cpu_ms();
  Prediction p;
  // The engine's MNIST preprocessing, the same `nnfs predict` applies to image files.
  const GrayImage drawing{static_cast<std::size_t>(side), static_cast<std::size_t>(side), raster};
  const std::optional<MnistDigit> digit = preprocess_digit(drawing);
  if (digit) {
    p.empty = false;
    p.input = digit->pixels;
    if (model && canvas_incompatibility(*model).empty()) {
      // x = p·scale + offset, the scaling the model was trained with; shape [1, input...].
      Shape shape = model->net.input_shape();
      shape.insert(shape.begin(), 1);
      Tensor x(shape);
      for (std::size_t i = 0; i < 784; ++i)
        x[i] = static_cast<float>(p.input[i]) * model->input_scaling.scale + model->input_scaling.offset;
      // The forward pass runs as one task of the engine's pool, so every kernel inside it runs
      // serially on this thread (nested calls do, engine/core/parallel.h): a batch of one gains
      // nothing from threads, and the UI thread must never wait for a pool worker that a busy
      // machine has not scheduled yet. Results are the same for any thread count.
      parallel_tasks(1, [&](int) {
        const Tensor& y = model->net.forward(x, {});
        p.probs.assign(y.data(), y.data() + y.size());
      });
      double sum = 0.0;
      bool probabilities = true;
      for (const float v : p.probs) {
        probabilities = probabilities && v >= 0.0f && std::isfinite(v);
        sum += v;
      }
      if (!probabilities || std::abs(sum - 1.0) > 1e-3) {
        const float top = *std::max_element(p.probs.begin(), p.probs.end());
        double z = 0.0;
        for (float& v : p.probs) z += (v = std::exp(v - top));
        for (float& v : p.probs) v = static_cast<float>(v / z);
      }
      p.label = static_cast<int>(std::max_element(p.probs.begin(), p.probs.end()) - p.probs.begin());
    }
  }
  p.ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  p.cpu_ms = thread_cpu_ms() - cpu_start;
  return p;
}

}  // namespace nnfs::studio
