#include "app/studio/widgets/digit_canvas.h"

#include <algorithm>
#include <cmath>

namespace nnfs::studio {

namespace {
constexpr float kToRaster = static_cast<float>(DigitCanvas::kRaster) / DigitCanvas::kLogical;

// Distance from p to the segment ab.
float segment_distance(float px, float py, ImVec2 a, ImVec2 b) {
  const float dx = b.x - a.x, dy = b.y - a.y;
  const float len2 = dx * dx + dy * dy;
  float t = len2 > 0.0f ? ((px - a.x) * dx + (py - a.y) * dy) / len2 : 0.0f;
  t = std::clamp(t, 0.0f, 1.0f);
  const float ex = px - (a.x + t * dx), ey = py - (a.y + t * dy);
  return std::sqrt(ex * ex + ey * ey);
}

std::uint32_t blend(std::uint32_t paper, std::uint32_t ink, std::uint8_t coverage) {
  std::uint32_t out = 0;
  for (int shift = 0; shift < 32; shift += 8) {
    const std::uint32_t p = (paper >> shift) & 0xFFu, i = (ink >> shift) & 0xFFu;
    const std::uint32_t v = (p * (255u - coverage) + i * coverage + 127u) / 255u;
    out |= v << shift;
  }
  return out;
}
}  // namespace

void DigitCanvas::set_colors(const Colors& colors) {
  if (colors == colors_) return;
  colors_ = colors;
  mark_dirty(0, 0, kRaster, kRaster);
}

void DigitCanvas::mark_dirty(int x0, int y0, int x1, int y1) {
  dirty_x0_ = std::min(dirty_x0_, std::max(0, x0));
  dirty_y0_ = std::min(dirty_y0_, std::max(0, y0));
  dirty_x1_ = std::max(dirty_x1_, std::min(kRaster, x1));
  dirty_y1_ = std::max(dirty_y1_, std::min(kRaster, y1));
}

// Round brush of diameter `width` swept from a to b, anti-aliased by coverage of each pixel
// centre: c = clamp(r − d + ½, 0, 1). Ink takes the maximum, the eraser the minimum, so
// overlapping stamps of one stroke never darken twice.
void DigitCanvas::stamp(ImVec2 a, ImVec2 b, float width, bool erase) {
  a = ImVec2(a.x * kToRaster, a.y * kToRaster);
  b = ImVec2(b.x * kToRaster, b.y * kToRaster);
  const float r = std::max(0.5f, width * 0.5f * kToRaster);
  const int x0 = std::max(0, static_cast<int>(std::floor(std::min(a.x, b.x) - r - 1)));
  const int y0 = std::max(0, static_cast<int>(std::floor(std::min(a.y, b.y) - r - 1)));
  const int x1 = std::min(kRaster, static_cast<int>(std::ceil(std::max(a.x, b.x) + r + 1)));
  const int y1 = std::min(kRaster, static_cast<int>(std::ceil(std::max(a.y, b.y) + r + 1)));
  if (x0 >= x1 || y0 >= y1) return;
  for (int y = y0; y < y1; ++y) {
    std::uint8_t* row = raster_.data() + static_cast<std::size_t>(y) * kRaster;
    for (int x = x0; x < x1; ++x) {
      const float d = segment_distance(static_cast<float>(x) + 0.5f, static_cast<float>(y) + 0.5f, a, b);
      const float c = std::clamp(r - d + 0.5f, 0.0f, 1.0f);
      if (c <= 0.0f) continue;
      const auto v = static_cast<std::uint8_t>(std::lround(c * 255.0f));
      row[x] = erase ? std::min<std::uint8_t>(row[x], static_cast<std::uint8_t>(255 - v)) : std::max(row[x], v);
    }
  }
  mark_dirty(x0, y0, x1, y1);
}

void DigitCanvas::apply(const Op& op) {
  switch (op.kind) {
    case OpKind::Clear:
      std::fill(raster_.begin(), raster_.end(), std::uint8_t{0});
      mark_dirty(0, 0, kRaster, kRaster);
      break;
    case OpKind::Image:
      raster_ = op.image;
      mark_dirty(0, 0, kRaster, kRaster);
      break;
    case OpKind::Stroke:
      for (std::size_t i = 0; i < op.points.size(); ++i)
        stamp(op.points[i > 0 ? i - 1 : 0], op.points[i], op.width, op.erase);
      break;
  }
}

void DigitCanvas::replay() {
  std::fill(raster_.begin(), raster_.end(), std::uint8_t{0});
  mark_dirty(0, 0, kRaster, kRaster);
  std::size_t start = 0;
  for (std::size_t i = cursor_; i-- > 0;)
    if (ops_[i].kind != OpKind::Stroke) {
      start = i;
      break;
    }
  for (std::size_t i = start; i < cursor_; ++i) apply(ops_[i]);
  refresh_has_ink();
}

void DigitCanvas::push(Op op) {
  ops_.resize(cursor_);
  ops_.push_back(std::move(op));
  cursor_ = ops_.size();
}

void DigitCanvas::refresh_has_ink() {
  has_ink_ = std::any_of(raster_.begin(), raster_.end(), [](std::uint8_t v) { return v != 0; });
}

bool DigitCanvas::clear() {
  if (active_) active_ = false;
  if (!has_ink_) return false;
  push(Op{OpKind::Clear, {}, 0.0f, false, {}});
  apply(ops_.back());
  has_ink_ = false;
  return true;
}

bool DigitCanvas::undo() {
  if (active_ || cursor_ == 0) return false;
  --cursor_;
  replay();
  return true;
}

bool DigitCanvas::redo() {
  if (active_ || cursor_ >= ops_.size()) return false;
  apply(ops_[cursor_++]);
  refresh_has_ink();
  return true;
}

void DigitCanvas::add_stroke(std::span<const ImVec2> points, float width, bool erase) {
  if (points.empty()) return;
  active_ = false;
  push(Op{OpKind::Stroke, std::vector<ImVec2>(points.begin(), points.end()), width, erase, {}});
  apply(ops_.back());
  refresh_has_ink();
}

// Fits the image into the square (aspect kept, centred): box averaging when shrinking,
// bilinear when enlarging.
void DigitCanvas::set_image(const std::uint8_t* ink, int width, int height) {
  if (width <= 0 || height <= 0) return;
  active_ = false;
  Op op{OpKind::Image, {}, 0.0f, false, std::vector<std::uint8_t>(raster_.size(), 0)};
  const double scale = static_cast<double>(kRaster) / std::max(width, height);  // raster px per image px
  const int w = std::max(1, static_cast<int>(std::lround(width * scale)));
  const int h = std::max(1, static_cast<int>(std::lround(height * scale)));
  const int ox = (kRaster - w) / 2, oy = (kRaster - h) / 2;
  auto at = [&](int x, int y) {
    return static_cast<double>(ink[static_cast<std::size_t>(std::clamp(y, 0, height - 1)) * width +
                                   static_cast<std::size_t>(std::clamp(x, 0, width - 1))]);
  };
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      double v = 0.0;
      if (scale < 1.0) {
        const int sx0 = static_cast<int>(x / scale), sx1 = std::max(sx0 + 1, static_cast<int>((x + 1) / scale));
        const int sy0 = static_cast<int>(y / scale), sy1 = std::max(sy0 + 1, static_cast<int>((y + 1) / scale));
        for (int sy = sy0; sy < sy1; ++sy)
          for (int sx = sx0; sx < sx1; ++sx) v += at(sx, sy);
        v /= static_cast<double>((sx1 - sx0) * (sy1 - sy0));
      } else {
        const double fx = (x + 0.5) / scale - 0.5, fy = (y + 0.5) / scale - 0.5;
        const int ix = static_cast<int>(std::floor(fx)), iy = static_cast<int>(std::floor(fy));
        const double tx = fx - ix, ty = fy - iy;
        v = (at(ix, iy) * (1 - tx) + at(ix + 1, iy) * tx) * (1 - ty) +
            (at(ix, iy + 1) * (1 - tx) + at(ix + 1, iy + 1) * tx) * ty;
      }
      op.image[static_cast<std::size_t>(oy + y) * kRaster + static_cast<std::size_t>(ox + x)] =
          static_cast<std::uint8_t>(std::clamp(std::lround(v), 0L, 255L));
    }
  push(std::move(op));
  apply(ops_.back());
  refresh_has_ink();
}

void DigitCanvas::upload() {
  if (!texture_.valid()) {
    texture_.allocate(kRaster, kRaster, nullptr, true);
    dirty_x0_ = 0, dirty_y0_ = 0, dirty_x1_ = kRaster, dirty_y1_ = kRaster;
  }
  if (dirty_x0_ >= dirty_x1_ || dirty_y0_ >= dirty_y1_) return;
  const int w = dirty_x1_ - dirty_x0_, h = dirty_y1_ - dirty_y0_;
  upload_buffer_.resize(static_cast<std::size_t>(w) * h);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      upload_buffer_[static_cast<std::size_t>(y) * w + x] = blend(
          colors_.paper, colors_.ink,
          raster_[static_cast<std::size_t>(dirty_y0_ + y) * kRaster + static_cast<std::size_t>(dirty_x0_ + x)]);
  texture_.update(dirty_x0_, dirty_y0_, w, h, upload_buffer_.data());
  dirty_x0_ = kRaster, dirty_y0_ = kRaster, dirty_x1_ = 0, dirty_y1_ = 0;
}

bool DigitCanvas::draw(float size, std::span<const ImVec2> cursor_samples) {
  pos_ = ImGui::GetCursorScreenPos();
  size_ = size;
  const ImGuiIO& io = ImGui::GetIO();
  auto to_logical = [&](ImVec2 p) { return ImVec2((p.x - pos_.x) / size * kLogical, (p.y - pos_.y) / size * kLogical); };

  ImGui::InvisibleButton("##digit_canvas", ImVec2(size, size),
                         ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight);
  bool changed = false;
  if (ImGui::IsItemActivated()) {
    // A new stroke starts where the button went down; earlier samples belong to hovering.
    stroke_ = Op{OpKind::Stroke, {to_logical(io.MousePos)}, brush_width, erase_mode || io.MouseDown[1], {}};
    active_ = true;
    stamp(stroke_.points[0], stroke_.points[0], stroke_.width, stroke_.erase);
    changed = true;
  } else if (active_) {
    for (const ImVec2& s : cursor_samples) {
      const ImVec2 p = to_logical(s);
      const ImVec2 last = stroke_.points.back();
      if (p.x == last.x && p.y == last.y) continue;
      stroke_.points.push_back(p);
      stamp(last, p, stroke_.width, stroke_.erase);
      changed = true;
    }
    if (!ImGui::IsItemActive()) {  // released: the stroke becomes one undo step
      active_ = false;
      push(std::move(stroke_));
      stroke_ = Op{};
    }
  }
  if (changed) refresh_has_ink();
  upload();

  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 end(pos_.x + size, pos_.y + size);
  dl->AddImage(texture_.imgui_id(), pos_, end);
  dl->AddRect(pos_, end, ImGui::GetColorU32(ImGuiCol_Border), 0.0f, 0, 1.0f);
  if (ImGui::IsItemHovered() || active_) {
    // Brush outline under the pointer.
    const float r = brush_width * 0.5f * size / kLogical;
    dl->PushClipRect(pos_, end, true);
    dl->AddCircle(io.MousePos, r, ImGui::GetColorU32(ImGuiCol_TextDisabled), 32, 1.0f);
    dl->PopClipRect();
  }
  return changed;
}

}  // namespace nnfs::studio
