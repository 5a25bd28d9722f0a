// ResultViews: what the Plots, Mistakes, Confusion and Learned tabs remember between frames —
// plot zoom, the smoothing, textures built from the latest report or weights, and a pending
// "Save plot as PNG". Owned by the UI thread (AppState::views); the data itself is in
// AppState::training (history, report).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <imgui.h>

#include "app/studio/training_doc.h"
#include "app/studio/widgets/gl_texture.h"
#include "app/studio/widgets/plot.h"
#include "engine/model/workspace.h"

namespace nnfs::studio {

// Which plot a PNG is made of.
enum class PlotTarget { All, BatchLoss, EpochLoss, EpochAccuracy };

// "Save plot as PNG": chosen in the file dialog, then captured from the back buffer once the
// dialog has gone (App::render, see plot_export.h).
struct PlotCapture {
  PlotTarget pending = PlotTarget::All;  // what the open file dialog is for
  bool requested = false;
  PlotTarget target = PlotTarget::All;
  std::string path;
  int wait_frames = 0;                   // frames to draw before capturing
  bool ready = false;                    // the plots tab drew `target` this frame at rect
  ImVec2 rect_min{0, 0}, rect_max{0, 0};
};

struct PlotsTabState {
  PlotView batch, epoch_loss, epoch_accuracy;
  float smoothing = 0.9f;
  bool log_loss = true;
  Smoothed smoothed;                    // of history.batch_loss
  std::uint64_t version = ~0ull;        // history_version the vectors below were made from
  std::vector<float> epochs, train_loss, train_acc;        // [epochs], accuracy in %
  std::vector<float> test_epochs, test_loss, test_acc;     // epochs with test values
  std::vector<float> boundaries;        // x of each epoch's end in the batch plot
  ImVec2 all_min{0, 0}, all_max{0, 0};  // the three plots together, last frame
  PlotCapture capture;
};

struct MistakesTabState {
  GlTexture atlas;                      // thumbnails of `shown`, kColumns per row
  std::uint64_t report_version = ~0ull; // what the atlas was built from
  MistakeFilter filter{-2, -2};
  std::vector<std::size_t> shown;       // indices into report->misclassified, in gallery order
  std::size_t matching = 0;             // mistakes passing the filter (shown may be capped)
};

struct LearnedTabState {
  std::uint64_t version_seen = ~0ull;   // ModelDoc::version of the model the textures show
  std::array<std::uint8_t, 784> input_seen{};  // and the canvas image (the network's input)
  bool input_valid = false;
  std::uint8_t middle_seen = 0;         // and the colour map's middle grey (it follows the theme)

  GlTexture weights;                    // first-layer weights as tiles, kxk or 28x28 each
  int weight_count = 0, weight_columns = 0, weight_w = 0, weight_h = 0;  // tiles, per row, texels
  std::vector<float> weight_max;        // [tiles] largest |w| of each tile (its colour scale)
  std::string weights_title, weights_note;

  // Every layer's output for the canvas image: feature maps as tiles in `maps` (one texel row
  // band per layer), vectors as cells drawn directly.
  struct Row {
    std::string title;
    std::size_t layer = 0;                         // index in the network
    int y = 0, tiles = 0, tile_w = 0, tile_h = 0;  // feature maps in `maps` (tiles = 0: units)
    std::vector<float> tile_max;                   // feature maps: each one's largest |value|
    std::vector<float> values;                     // units: their values
    std::vector<std::uint32_t> colors;             // units: their colours
    float max_abs = 0.0f;
    bool classes = false;                          // the model's output: one unit per class
  };
  GlTexture maps;
  int maps_w = 0, maps_h = 0;
  std::vector<Row> rows;
  Tensor input;                         // the canvas image as the network's input [1, 28, 28]
  Workspace workspace;                  // the tab's own pass of the network over it
};

struct ResultViews {
  // The automatic evaluation of an opened model (report_evaluation.h): which report_version it
  // was tried for, on which dataset, and why it could not run.
  std::uint64_t report_tried = ~0ull;
  std::string report_dataset;
  std::string report_problem;
  PlotsTabState plots;
  MistakesTabState mistakes;
  LearnedTabState learned;
};

}  // namespace nnfs::studio
