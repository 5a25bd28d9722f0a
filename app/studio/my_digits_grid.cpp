#include "app/studio/my_digits_grid.h"

#include <cmath>
#include <unordered_map>

#include "app/studio/widgets/gl_texture.h"

namespace nnfs::studio {

std::array<std::vector<GridCell>, 10> grid_cells(const std::vector<StoredDigit>& samples, const DigitScores* scores) {
  std::unordered_map<std::uint64_t, const DigitVerdict*> verdict;
  if (scores)
    for (const DigitVerdict& v : scores->verdicts) verdict[v.id] = &v;
  std::array<std::vector<GridCell>, 10> cells, rest;  // cells: the wrong ones first
  for (std::size_t i = 0; i < samples.size(); ++i) {
    const StoredDigit& d = samples[i];
    GridCell cell{i, -1, 0.0f, false};
    if (const auto it = verdict.find(d.id); it != verdict.end()) {
      cell.said = it->second->said;
      cell.confidence = it->second->confidence;
      cell.wrong = cell.said != d.label;
    }
    const auto k = static_cast<std::size_t>(d.label);
    (cell.wrong ? cells[k] : rest[k]).push_back(cell);
  }
  for (std::size_t k = 0; k < 10; ++k) cells[k].insert(cells[k].end(), rest[k].begin(), rest[k].end());
  return cells;
}

AtlasLayout atlas_layout(std::size_t count) {
  const int cols = std::max(1, static_cast<int>(std::ceil(std::sqrt(static_cast<double>(count)))));
  const int rows = std::max(1, static_cast<int>((count + static_cast<std::size_t>(cols) - 1) / static_cast<std::size_t>(cols)));
  return {cols, rows};
}

std::vector<std::uint32_t> atlas_pixels(const std::vector<StoredDigit>& samples, const AtlasLayout& layout) {
  const auto width = static_cast<std::size_t>(layout.width());
  std::vector<std::uint32_t> rgba(width * static_cast<std::size_t>(layout.height()), rgba_pixel(0, 0, 0));
  for (std::size_t i = 0; i < samples.size(); ++i) {
    const std::size_t x0 = (i % static_cast<std::size_t>(layout.cols)) * 28, y0 = (i / static_cast<std::size_t>(layout.cols)) * 28;
    for (std::size_t y = 0; y < 28; ++y)
      for (std::size_t x = 0; x < 28; ++x) {
        const std::uint8_t v = samples[i].view[y * 28 + x];
        rgba[(y0 + y) * width + x0 + x] = rgba_pixel(v, v, v);
      }
  }
  return rgba;
}

std::array<float, 4> atlas_uv(const AtlasLayout& layout, std::size_t i) {
  const auto col = static_cast<float>(i % static_cast<std::size_t>(layout.cols));
  const auto row = static_cast<float>(i / static_cast<std::size_t>(layout.cols));
  const auto cols = static_cast<float>(layout.cols), rows = static_cast<float>(layout.rows);
  return {col / cols, row / rows, (col + 1.0f) / cols, (row + 1.0f) / rows};
}

}  // namespace nnfs::studio
