// Labelling on the draw tab: "This is a …" beside the probabilities. A digit key (or Enter, to
// keep the model's guess) saves the canvas's drawing under that label into My digits.
//
// The store itself is the engine's (My digits, engine/data/digit_store.h); the studio reaches it
// through DigitSink so this logic is tested without files or a window.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace nnfs::studio {

// One drawing to keep: the canvas raster (side x side coverage bytes), the label the user gave
// and what the model said (-1: no guess) with its probability.
struct LabelledDrawing {
  std::span<const std::uint8_t> raster;
  int side = 0;
  int label = -1;
  int guess = -1;
  float confidence = 0.0f;
};

// Where labelled drawings go. add() appends one sample (throws nnfs::Error naming the file when
// it cannot); counts() is the number kept per class, indexed by label.
class DigitSink {
 public:
  virtual ~DigitSink() = default;
  virtual void add(const LabelledDrawing& drawing) = 0;
  virtual std::vector<std::size_t> counts() const = 0;
};

// The studio's side of My digits: where drawings go (null: no store open) and its counts.
struct MyDigits {
  std::unique_ptr<DigitSink> sink;
  std::vector<std::size_t> counts;
};

// The label a key press gives: GLFW_KEY_0..9 and the keypad's digits give that digit (when the
// model has that many classes); Enter and keypad Enter keep `guess`; anything else -1.
int label_for_key(int key, int guess, std::size_t classes);

// Saves the drawing under `label` and returns the counts after it. Throws nnfs::Error when the
// label is not a class, the drawing is empty, or the sink fails (nothing is counted then).
std::vector<std::size_t> save_labelled(DigitSink& sink, const LabelledDrawing& drawing, std::size_t classes);

// "3 × 0 · 2 × 1 · …": the counts per class in one line, classes with none left out.
std::string describe_counts(const std::vector<std::size_t>& counts);

}  // namespace nnfs::studio
