#include "engine/runs/json_fields.h"

#include <cmath>

#include "engine/core/error.h"
#include "engine/runs/run_format.h"
#include "engine/util/atomic_file.h"
#include "engine/util/range_text.h"

namespace nnfs::runs {

using json = nlohmann::json;

JsonFields::JsonFields(const json& object, std::string where) : object_(object), where_(std::move(where)) {
  if (!object_.is_object()) fail("expected a JSON object");
}

void JsonFields::fail(const std::string& what) const {
  throw Error(where_.empty() ? what : where_ + ": " + what);
}

const json* JsonFields::find(const char* key) const {
  const auto it = object_.find(key);
  return it == object_.end() ? nullptr : &*it;
}

std::string JsonFields::text(const char* key) const {
  const json* v = find(key);
  if (!v) fail(std::string("'") + key + "' is missing");
  if (!v->is_string()) fail(std::string("'") + key + "' must be a string");
  return v->get<std::string>();
}

std::string JsonFields::text_or(const char* key, const std::string& fallback) const {
  return find(key) ? text(key) : fallback;
}

std::uint64_t JsonFields::count(const char* key, std::uint64_t max) const {
  const json* v = find(key);
  if (!v) fail(std::string("'") + key + "' is missing");
  // Parsed text holds a whole number >= 0 as unsigned; a JSON value built in memory may hold it signed.
  const bool whole = v->is_number_unsigned() || (v->is_number_integer() && v->get<std::int64_t>() >= 0);
  if (!whole || v->get<std::uint64_t>() > max)
    fail(integer_range_message(key, 0, max, v->dump()));
  return v->get<std::uint64_t>();
}

double JsonFields::number(const char* key) const {
  const json* v = find(key);
  if (!v) fail(std::string("'") + key + "' is missing");
  if (!v->is_number() || !std::isfinite(v->get<double>())) fail(std::string("'") + key + "' must be a finite number");
  return v->get<double>();
}

std::optional<double> JsonFields::optional_number(const char* key) const {
  const json* v = find(key);
  if (!v || v->is_null()) return std::nullopt;
  return number(key);
}

bool JsonFields::flag_or(const char* key, bool fallback) const {
  const json* v = find(key);
  if (!v) return fallback;
  if (!v->is_boolean()) fail(std::string("'") + key + "' must be true or false");
  return v->get<bool>();
}

json parse_json_object(const std::string& text, const std::string& where) {
  const std::string prefix = where.empty() ? "" : where + ": ";
  json j;
  try {
    j = json::parse(text);
  } catch (const json::parse_error& e) {
    throw Error(prefix + "not valid JSON (byte " + std::to_string(e.byte) + ")");
  } catch (const json::exception&) {  // out_of_range: a number beyond double
    throw Error(prefix + "not valid JSON (a number is out of range)");
  }
  if (!j.is_object()) throw Error(prefix + "expected a JSON object");
  return j;
}

json read_json_file(const std::string& path) {
  const std::vector<std::byte> bytes = read_file(path, kMaxSmallFileBytes);
  return parse_json_object(std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size()), path);
}

void write_json_atomically(const std::string& path, const json& j) {
  const std::string text = j.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
  write_file_atomically(path, std::as_bytes(std::span(text.data(), text.size())));
}

}  // namespace nnfs::runs
