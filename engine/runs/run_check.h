// Reading one entry of the run library as a summary, with every check that costs no more than a
// stat or a byte: the entry is a real directory; summary.json and settings.json parse and are not
// from a newer format; history.jsonl is as long as the summary recorded and ends with a complete
// line; the checkpoint (and, for a finished run, the model) is there. A run that fails a check
// comes back with state Damaged and the reason in `message`, naming the file ("ID/summary.json:
// not valid JSON (byte 17)"); a live state whose lock is free comes back as Interrupted.
#pragma once

#include <string>

#include "engine/runs/run_summary.h"

namespace nnfs::runs {

RunSummary inspect_run(const std::string& library_dir, const std::string& id);

// `message` with the library folder's prefix taken off its paths ("ID/history.jsonl: ...").
std::string relative_message(const std::string& library_dir, const std::string& message);

}  // namespace nnfs::runs
