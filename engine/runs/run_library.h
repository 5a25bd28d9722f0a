// RunLibrary: the folder of recorded runs, shared by `nnfs train`/`nnfs runs` and the studio
// (docs/RUNS.md). Default $XDG_DATA_HOME/nnfs/runs (~/.local/share/nnfs/runs), or NNFS_RUNS_DIR.
//
// Listing reads each run's summary.json (and stats its other files), never its history: a library
// of hundreds of runs lists at once. A run whose summary says running or paused while no process
// holds its lock lists as interrupted; a directory that cannot be read as a run lists as damaged
// with a one-line reason. Nothing here throws for a damaged run; only lookups of a run that is not
// there, ambiguous names and failed writes throw nnfs::Error.
#pragma once

#include <string>
#include <vector>

#include "engine/runs/run_info.h"
#include "engine/runs/run_summary.h"

namespace nnfs {

class RunLibrary {
 public:
  explicit RunLibrary(std::string dir);  // the folder need not exist yet
  // NNFS_RUNS_DIR if set and not empty, else $XDG_DATA_HOME/nnfs/runs, else ~/.local/share/nnfs/runs.
  static std::string default_dir();

  const std::string& dir() const { return dir_; }
  // Every run, newest first (by start time, then id); damaged ones with state Damaged.
  std::vector<RunSummary> list() const;
  // The run with this id, else the one with this name. Throws nnfs::Error when there is none
  // ("no run 'x' in DIR (nnfs runs list shows them)") or the name is ambiguous.
  RunSummary find(const std::string& id_or_name) const;
  // Settings and full history of the run (id or name); never throws for damage (see RunInfo).
  RunInfo load(const std::string& id_or_name) const;
  // Renames (rewrites summary.json atomically). Throws when the name is empty, has control
  // characters or '/', is longer than 100 bytes, or another run has it.
  void rename(const std::string& id_or_name, const std::string& new_name) const;
  // Removes the run's directory; refuses a run that a process is writing (running or paused).
  void remove(const std::string& id_or_name) const;

  // The paths of a run's files.
  std::string run_dir(const std::string& id) const;

 private:
  std::string dir_;
};

// Checks a run name (see rename); throws nnfs::Error naming what is wrong.
void check_run_name(const std::string& name);

}  // namespace nnfs
