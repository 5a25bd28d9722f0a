// The My digits tab's grid, without GL or ImGui: which thumbnails each class shows and in what
// order (the ones the model reads wrong first), and the one atlas texture that holds every
// sample's 28x28 view (one texture and one upload however many samples there are).
// Tested in tests/app/studio/test_my_digits.cpp.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "app/studio/my_digits_score.h"

namespace nnfs::studio {

struct GridCell {
  std::size_t sample = 0;    // index into DigitStore::samples()
  int said = -1;             // what the model said (-1: not scored yet)
  float confidence = 0.0f;
  bool wrong = false;        // said is known and is not the sample's label
};

// The cells of each class 0-9: the samples the model reads wrong first, then the rest, each group
// in order of adding. `scores` may be null or older than the samples (a sample it has no verdict
// for is shown as not scored; a relabelled one is judged against its new label).
std::array<std::vector<GridCell>, 10> grid_cells(const std::vector<StoredDigit>& samples, const DigitScores* scores);

// Cell i of the atlas is at column i % cols, row i / cols; each cell is 28x28 pixels.
struct AtlasLayout {
  int cols = 1, rows = 1;
  int width() const { return cols * 28; }
  int height() const { return rows * 28; }
};
// A near-square layout for `count` cells (at least one cell).
AtlasLayout atlas_layout(std::size_t count);
// RGBA pixels of the atlas, [height][width]: each sample's view, ink white on black.
std::vector<std::uint32_t> atlas_pixels(const std::vector<StoredDigit>& samples, const AtlasLayout& layout);
// Texture coordinates of cell i: {u0, v0, u1, v1}.
std::array<float, 4> atlas_uv(const AtlasLayout& layout, std::size_t i);

}  // namespace nnfs::studio
