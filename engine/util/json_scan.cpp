#include "engine/util/json_scan.h"

#include <set>
#include <vector>

#include <nlohmann/json.hpp>

namespace nnfs {
namespace {

using json = nlohmann::json;

// The SAX events of nlohmann::json; returning false ends the scan.
class Scanner : public nlohmann::json_sax<json> {
 public:
  Scanner(const JsonScanLimits& limits, JsonScan& out) : limits_(limits), out_(out) {}

  bool null() override { return item(); }
  bool boolean(bool) override { return item(); }
  bool number_integer(number_integer_t) override { return item(); }
  bool number_unsigned(number_unsigned_t) override { return item(); }
  bool number_float(number_float_t, const string_t&) override { return item(); }
  bool string(string_t&) override { return item(); }
  bool binary(binary_t&) override { return item(); }
  bool start_object(std::size_t) override { return open(); }
  bool start_array(std::size_t) override { return open(); }
  bool end_object() override { return close(); }
  bool end_array() override { return close(); }

  bool key(string_t& key) override {
    if (!limits_.refuse_duplicate_keys) return true;
    if (open_.size() == 1) out_.top_key = key;
    if (open_.back().insert(key).second) return true;
    out_.duplicate_key = key;
    out_.duplicate_at_top = open_.size() == 1;
    return stop(JsonScan::Stop::DuplicateKey);
  }

  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    return stop(JsonScan::Stop::Syntax);
  }

 private:
  bool stop(JsonScan::Stop why) {
    out_.stop = why;
    return false;
  }

  // A value or a container starts: counts it when it is an item of the outermost container.
  bool item() {
    if (open_.size() != 1) return true;
    if (++out_.top_level_items > limits_.max_top_level_items) return stop(JsonScan::Stop::TooManyItems);
    return true;
  }

  bool open() {
    if (!item()) return false;
    if (static_cast<int>(open_.size()) >= limits_.max_depth) return stop(JsonScan::Stop::TooDeep);
    open_.emplace_back();
    return true;
  }

  bool close() {
    open_.pop_back();
    return true;
  }

  const JsonScanLimits& limits_;
  JsonScan& out_;
  std::vector<std::set<std::string>> open_;  // per open container: an object's keys so far
};

}  // namespace

JsonScan scan_json(std::string_view text, const JsonScanLimits& limits) {
  JsonScan out;
  Scanner scanner(limits, out);
  json::sax_parse(text.begin(), text.end(), &scanner);
  return out;
}

}  // namespace nnfs
