#include "engine/runs/history_follower.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>

#include "engine/core/error.h"
#include "engine/runs/history_parse.h"
#include "engine/util/input_file.h"

namespace nnfs {

HistoryFollower::HistoryFollower(std::string path) : path_(std::move(path)) {}

std::vector<HistoryLine> HistoryFollower::poll() {
  std::vector<HistoryLine> out;
  restarted_ = false;
  try {
    const InputFile file = open_input_file(path_);  // never blocks; refuses FIFOs and devices
    struct stat st {};
    if (::fstat(file.fd(), &st) != 0) return out;
    const auto dev = static_cast<std::uint64_t>(st.st_dev), ino = static_cast<std::uint64_t>(st.st_ino);
    const auto size = static_cast<std::uint64_t>(st.st_size);
    // Another file now (replaced) or a shorter one (truncated): start over.
    if ((offset_ > 0 && (dev != dev_ || ino != ino_)) || size < offset_) {
      offset_ = line_number_ = 0;
      restarted_ = true;
    }
    dev_ = dev;
    ino_ = ino;
    if (size == offset_) return out;
    std::string bytes(static_cast<std::size_t>(std::min<std::uint64_t>(size - offset_, kMaxBytesPerPoll)), '\0');
    const ssize_t n = ::pread(file.fd(), bytes.data(), bytes.size(), static_cast<off_t>(offset_));
    if (n <= 0) return out;
    bytes.resize(static_cast<std::size_t>(n));
    runs::HistoryPosition at{path_, line_number_, offset_};
    std::size_t used = runs::parse_history_lines(bytes, at, out, problems_);
    // A single line longer than a whole poll can never complete: skip past it.
    if (used == 0 && bytes.size() == kMaxBytesPerPoll) {
      problems_.push_back(path_ + ": line " + std::to_string(at.line + 1) + " (byte " + std::to_string(offset_) +
                          "): longer than " + std::to_string(kMaxBytesPerPoll) + " bytes, skipped");
      used = bytes.size();
      ++at.line;
      at.offset += used;
    }
    offset_ = at.offset;
    line_number_ = at.line;
    // A long-lived follower of a bad file keeps the latest reasons only.
    if (problems_.size() > kMaxProblems)
      problems_.erase(problems_.begin(), problems_.end() - static_cast<std::ptrdiff_t>(kMaxProblems));
  } catch (const Error& e) {
    // Not there yet, or not a regular file: nothing to follow now.
    if (problems_.empty() || problems_.back() != e.what()) problems_.push_back(e.what());
  }
  return out;
}

}  // namespace nnfs
