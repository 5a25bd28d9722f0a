// Creating a run directory and opening its history for appending.
//
// Ids: "<yyyymmdd>-<hhmmss>-<optimizer>-<3 letters/digits>" in UTC, e.g. "20261205-011209-adam-k3f":
// sortable by start, readable, and made unique by the directory's creation. A new run is built as
// a hidden ".new-<id>" directory (listing skips hidden names) and renamed into place once its
// settings, summary and history exist, so no reader ever sees half a run; one that a crash left
// behind (its lock free, over a minute old) is removed by the next creation.
#pragma once

#include <string>

#include "engine/runs/run_lock.h"

namespace nnfs::runs {

struct NewRunDir {
  std::string id;
  std::string tmp_dir;  // <library>/.new-<id>, holding the lock
  RunLock lock;
};

NewRunDir make_run_dir(const std::string& library_dir, const std::string& optimizer);
// Renames the directory to <library>/<id>, never over an existing one. Returns the final path.
std::string publish_run_dir(const std::string& library_dir, const NewRunDir& made);

// Opens history.jsonl for appending (creating it). `existing`: the file must exist, and a torn
// last line (a crash mid-write) is cut off so the next line starts clean.
int open_history(const std::string& path, bool existing);

}  // namespace nnfs::runs
