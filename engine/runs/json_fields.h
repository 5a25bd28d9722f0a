// Typed reads of a run file's JSON members, each failure one line naming the file and the key:
// "RUN/summary.json: 'epochs_done' must be a whole number from 0 to 1000000". Shared by the
// readers of summary.json, settings.json and history lines.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace nnfs::runs {

class JsonFields {
 public:
  // `where`: the prefix of every message ("dir/summary.json"; empty for none).
  JsonFields(const nlohmann::json& object, std::string where);

  [[noreturn]] void fail(const std::string& what) const;
  const nlohmann::json* find(const char* key) const;  // null when missing
  std::string text(const char* key) const;            // required string
  std::string text_or(const char* key, const std::string& fallback) const;
  std::uint64_t count(const char* key, std::uint64_t max) const;  // required whole number
  double number(const char* key) const;               // required finite number
  std::optional<double> optional_number(const char* key) const;  // missing or null: nullopt
  bool flag_or(const char* key, bool fallback) const;

 private:
  const nlohmann::json& object_;
  std::string where_;
};

// Parses JSON text; throws nnfs::Error "<where>: not valid JSON (byte N)" (or "... a JSON object").
nlohmann::json parse_json_object(const std::string& text, const std::string& where);
// A run's small JSON file (at most kMaxSmallFileBytes), read with open_input_file's checks.
nlohmann::json read_json_file(const std::string& path);
// Writes `j` (indented) atomically (engine/util/atomic_file.h).
void write_json_atomically(const std::string& path, const nlohmann::json& j);

}  // namespace nnfs::runs
