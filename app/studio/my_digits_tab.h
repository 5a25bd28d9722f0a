// MyDigitsTab: what the My digits tab keeps between frames (AppState::my_digits_tab), owned by the
// UI thread: the thumbnails' atlas, the open model's scores (computed on a BackgroundJob), the
// edits that can be undone, and the export or import under way.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "app/studio/background_job.h"
#include "app/studio/my_digits_edit.h"
#include "app/studio/my_digits_grid.h"
#include "app/studio/my_digits_score.h"
#include "app/studio/widgets/gl_texture.h"

namespace nnfs::studio {

class MyDigitsStore;

// What the file dialog was opened for, and the job it starts.
enum class DigitFileOp { ExportCsv, ExportFolder, ImportCsv, ImportFolder };

struct MyDigitsTab {
  MyDigitsStore* store = nullptr;  // the sink in AppState::my_digits (null: My digits is not open)

  GlTexture atlas;                 // every sample's 28x28 view (my_digits_grid.h)
  AtlasLayout atlas_layout;
  std::uint64_t atlas_version = 0; // the store version it shows (0: none yet)

  BackgroundJob<DigitScores> scoring;
  std::optional<DigitScores> scores;        // the latest finished scoring
  std::uint64_t scoring_model = 0, scoring_store = 0;  // what the last job was started for
  bool scoring_started = false;
  std::string score_note;                   // why there are no scores (no model, cannot read drawings)

  EditHistory history;                      // relabels and deletes that can be undone
  std::uint64_t selected = 0;               // the thumbnail whose menu is open
  int focused_frame = -2;                   // the last ImGui frame the tab had the keyboard in (Ctrl+Z)

  DigitFileOp file_op = DigitFileOp::ExportCsv;
  BackgroundJob<std::size_t> file_job;      // samples written or added; else its error
  std::shared_ptr<DigitStore> lent;         // the store while file_job has it (not touched here)
  std::string file_path;                    // the job's file or folder
};

}  // namespace nnfs::studio
