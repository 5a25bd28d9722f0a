// The run directory's file names and format version (docs/RUNS.md), in one place for the
// recorder and the readers.
#pragma once

#include <cstdint>
#include <string>

#include "engine/runs/json_fields.h"

namespace nnfs::runs {

inline constexpr int kFormatVersion = 1;  // "format" of summary.json and settings.json
inline constexpr const char* kSummaryFile = "summary.json";
inline constexpr const char* kSettingsFile = "settings.json";
inline constexpr const char* kHistoryFile = "history.jsonl";
inline constexpr const char* kCheckpointFile = "checkpoint.nnfsckpt";
inline constexpr const char* kModelFile = "model.safetensors";
inline constexpr const char* kLockFile = "lock";

inline constexpr std::uint64_t kMaxSmallFileBytes = std::uint64_t{1} << 20;  // summary, settings
inline constexpr std::uint64_t kMaxHistoryBytes = std::uint64_t{1} << 32;    // 4 GiB
inline constexpr std::size_t kMaxHistoryLineBytes = std::size_t{1} << 20;

// "<dir>/<file>"
inline std::string join(const std::string& dir, const char* file) { return dir + "/" + file; }

// Checks a file's "format" member against kFormatVersion; throws nnfs::Error
// "<where>: format 7 is newer than this nnfs reads (1); update nnfs" or names what is wrong.
void check_format(const JsonFields& fields);

// The time now as ISO 8601 UTC, "2026-12-05T01:12:09Z".
std::string utc_now();

}  // namespace nnfs::runs
