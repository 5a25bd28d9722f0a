// DigitCanvas: a square drawing surface with an anti-aliased round brush, an eraser, and per-stroke
// undo/redo.
//
// The drawing is a list of operations (strokes, imported images, clears) in logical canvas
// coordinates 0..280; the raster it produces is kRaster x kRaster coverage bytes (0 = paper,
// 255 = ink). That raster is what is shown, what the network's preprocessing reads and what
// "Export Canvas" writes, so all three always agree.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include <imgui.h>

#include "app/studio/widgets/gl_texture.h"

namespace nnfs::studio {

class DigitCanvas {
 public:
  static constexpr float kLogical = 280.0f;  // document coordinates per side
  static constexpr int kRaster = 560;        // raster pixels per side

  struct Colors {
    std::uint32_t paper = rgba_pixel(16, 16, 20), ink = rgba_pixel(255, 255, 255);
    bool operator==(const Colors&) const = default;
  };

  // Draws the canvas as a `size` x `size` square at the cursor and handles the mouse: left button
  // draws (or erases in erase mode), right button erases. `cursor_samples` are every pointer
  // position (screen coordinates) reported since the previous frame, so fast strokes stay smooth.
  // Returns true when the raster changed.
  bool draw(float size, std::span<const ImVec2> cursor_samples);

  void set_colors(const Colors& colors);
  float brush_width = 20.0f;  // diameter in logical pixels
  bool erase_mode = false;

  bool clear();  // each returns true when the raster changed
  bool undo();
  bool redo();
  bool can_undo() const { return cursor_ > 0; }
  bool can_redo() const { return cursor_ < ops_.size(); }
  // A whole stroke through `points` (logical coordinates) as one undo step, as if drawn.
  void add_stroke(std::span<const ImVec2> points, float width, bool erase);
  // Replaces the drawing by an ink-high grayscale image fitted into the canvas (undoable).
  void set_image(const std::uint8_t* ink, int width, int height);

  const std::vector<std::uint8_t>& raster() const { return raster_; }
  bool has_ink() const { return has_ink_; }
  bool drawing() const { return active_; }
  // Where the canvas was drawn last frame, in screen (window) pixels.
  ImVec2 screen_pos() const { return pos_; }
  float screen_size() const { return size_; }

 private:
  enum class OpKind { Stroke, Image, Clear };
  struct Op {
    OpKind kind = OpKind::Stroke;
    std::vector<ImVec2> points;          // stroke, logical coordinates
    float width = 0.0f;
    bool erase = false;
    std::vector<std::uint8_t> image;     // [kRaster, kRaster] for OpKind::Image
  };

  void push(Op op);
  void apply(const Op& op);
  void replay();
  void stamp(ImVec2 a, ImVec2 b, float width, bool erase);  // logical coordinates
  void mark_dirty(int x0, int y0, int x1, int y1);
  void upload();
  void refresh_has_ink();

  std::vector<Op> ops_;
  std::size_t cursor_ = 0;                // ops_[0, cursor_) are applied
  Op stroke_;                             // the stroke being drawn
  bool active_ = false;
  std::vector<std::uint8_t> raster_ = std::vector<std::uint8_t>(static_cast<std::size_t>(kRaster) * kRaster, 0);
  bool has_ink_ = false;
  int dirty_x0_ = 0, dirty_y0_ = 0, dirty_x1_ = kRaster, dirty_y1_ = kRaster;  // half-open
  Colors colors_;
  GlTexture texture_;
  std::vector<std::uint32_t> upload_buffer_;
  ImVec2 pos_{0, 0};
  float size_ = 0.0f;
};

}  // namespace nnfs::studio
