#include "app/studio/live_predictor.h"

#include <chrono>
#include <ctime>
#include <utility>

#include "engine/train/classify_digit.h"

namespace nnfs::studio {

std::string canvas_incompatibility(const Model& model) { return digit_incompatibility(model); }

double thread_cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) * 1e-6;
}

Prediction predict_canvas(const Model* model, const std::vector<std::uint8_t>& raster, int side, Workspace& ws) {
  const auto start = std::chrono::steady_clock::now();
  const double cpu_start = thread_cpu_ms();
  Prediction p;
  // The engine's preprocessing and classification, the same `nnfs predict` applies to image files.
  const GrayImage drawing{static_cast<std::size_t>(side), static_cast<std::size_t>(side), raster};
  const bool compatible = model && canvas_incompatibility(*model).empty();
  DigitGuess guess = classify_digit_image(compatible ? model : nullptr, drawing, &ws);
  if (guess.digit) {
    p.empty = false;
    p.input = guess.digit->pixels;
    p.probs = std::move(guess.probs);
    p.label = guess.label;
  }
  p.ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  p.cpu_ms = thread_cpu_ms() - cpu_start;
  return p;
}

}  // namespace nnfs::studio
