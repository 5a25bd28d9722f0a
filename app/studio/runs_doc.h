// RunsDoc: the Runs tab's state (AppState::runs), owned by the UI thread — the watcher of the run
// library (runs_watcher.h), the latest snapshot it published, the table's rows and sort order,
// the ticked runs and their overlay curves (panels/panel_compare.cpp), and the open questions
// (rename, "Delete run?").
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "app/studio/background_job.h"
#include "app/studio/run_compare.h"
#include "app/studio/runs_watcher.h"
#include "app/studio/widgets/plot.h"
#include "engine/runs/run_recorder.h"
#include "engine/train/checkpoint.h"

namespace nnfs::studio {

// A ticked run's overlay curves, rebuilt when its followed data or the x axis changes.
struct CompareCurves {
  std::shared_ptr<const FollowedRun> from;
  OverlayX mode = OverlayX::Epoch;
  OverlayCurves curves;
  std::vector<PlotMarker> markers;
};

// A run being resumed: its recorder (holding the run's lock) and its rolling checkpoint.
struct ResumedRun {
  std::shared_ptr<RunRecorder> recorder;
  Checkpoint checkpoint;
};

struct RunsDoc {
  std::unique_ptr<RunsWatcher> watcher;           // null until the library is opened
  std::shared_ptr<const RunsSnapshot> snapshot;   // what the tab shows
  std::vector<RunSummary> rows;                       // the snapshot's runs, sorted
  RunColumn sort_column = RunColumn::Started;
  bool ascending = false;
  std::vector<std::string> ticked;                // ids, in the order they were ticked (colours)
  std::map<std::string, CompareCurves> curves;    // by id
  std::vector<SettingDiff> diffs;                 // between the ticked runs
  std::uint64_t diffs_version = ~0ull;            // snapshot version the diffs were made from
  OverlayX x_mode = OverlayX::Epoch;
  PlotView batch_view, loss_view, acc_view;

  BackgroundJob<ResumedRun> resuming;             // reopening a run and reading its checkpoint
  std::shared_ptr<RunRecorder> resume_recorder;   // taken by the next launch (recorder_for_launch)
  bool recorder_failed_reported = false;

  std::string renaming;                           // id whose name is being edited
  std::string rename_text;
  bool rename_focus = false;                      // put the keyboard in the name field once
  std::string deleting;                           // id that "Delete run?" asks about
  std::uint64_t errors_reported = 0;              // snapshot command errors already shown
  std::string listed_reported;                    // counts of the last runs_listed event
  std::map<std::string, std::string> curves_reported;  // id → the last run_curves event
};

}  // namespace nnfs::studio
