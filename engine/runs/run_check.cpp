#include "engine/runs/run_check.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "engine/core/error.h"
#include "engine/runs/json_fields.h"
#include "engine/runs/run_format.h"
#include "engine/runs/run_lock.h"
#include "engine/util/atomic_file.h"
#include "engine/util/input_file.h"

namespace nnfs::runs {

namespace {

using json = nlohmann::json;

void check_settings(const std::string& dir) {
  const std::string path = join(dir, kSettingsFile);
  const json settings = read_json_file(path);
  const JsonFields f(settings, path);
  check_format(f);
  if (!f.find("config") || !f.find("config")->is_object()) f.fail("'config' must be an object");
}

// The history is at least as long as the summary says, and (unless it is being written) ends
// with a complete line.
void check_history(const std::string& dir, const RunSummary& s, bool live) {
  const std::string path = join(dir, kHistoryFile);
  const InputFile file = open_input_file(path);
  if (file.size() < s.history_bytes)
    throw Error(path + ": " + std::to_string(file.size()) + " bytes, the summary recorded " +
                std::to_string(s.history_bytes) + " (truncated)");
  if (live || file.size() == 0) return;
  char last = 0;
  const off_t at = static_cast<off_t>(file.size() - 1);
  if (::pread(file.fd(), &last, 1, at) != 1) throw Error(path + ": cannot read byte " + std::to_string(at) + ": " + std::strerror(errno));
  if (last != '\n') throw Error(path + ": torn last line (no newline at byte " + std::to_string(at) + ")");
}

void require_file(const std::string& dir, const char* name, const char* why) {
  const std::string path = join(dir, name);
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) throw Error(path + ": missing (" + why + ")");
  if (!S_ISREG(st.st_mode)) throw Error(path + ": " + describe_file_type(st.st_mode) + ", expected a regular file");
}

RunSummary damaged(RunSummary s, const std::string& library_dir, const std::string& reason) {
  s.state = RunState::Damaged;
  s.message = relative_message(library_dir, reason);
  return s;
}

}  // namespace

std::string relative_message(const std::string& library_dir, const std::string& message) {
  const std::string prefix = library_dir + "/";
  std::string out = message;
  for (std::size_t at = out.find(prefix); at != std::string::npos; at = out.find(prefix, at))
    out.erase(at, prefix.size());
  return out;
}

RunSummary inspect_run(const std::string& library_dir, const std::string& id) {
  const std::string dir = join(library_dir, id.c_str());
  RunSummary s;
  s.id = id;
  s.name = id;
  s.dir = dir;
  struct stat st {};
  if (::lstat(dir.c_str(), &st) != 0) return damaged(s, library_dir, dir + ": " + std::strerror(errno));
  if (!S_ISDIR(st.st_mode))
    return damaged(s, library_dir, dir + ": " + describe_file_type(st.st_mode) + ", expected a run directory");
  try {
    const std::string path = join(dir, kSummaryFile);
    s = RunSummary::from_json(read_json_file(path), path);
  } catch (const Error& e) {
    return damaged(s, library_dir, e.what());
  }
  s.id = id;  // the directory's name is the id (a copied run keeps working)
  s.dir = dir;
  const bool live = is_live(s.state) && lock_is_held(dir);
  try {
    check_settings(dir);
    check_history(dir, s, live);
    if (!live) require_file(dir, kCheckpointFile, "the rolling checkpoint");
    if (s.state == RunState::Finished) require_file(dir, kModelFile, "the finished run's model");
  } catch (const Error& e) {
    return damaged(s, library_dir, e.what());
  }
  if (is_live(s.state) && !live) s.state = RunState::Interrupted;
  return s;
}

}  // namespace nnfs::runs
