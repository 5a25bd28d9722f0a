#include "engine/model/architecture.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <string_view>
#include <vector>

#include "engine/core/error.h"
#include "engine/layers/layer.h"
#include "engine/model/model.h"

namespace nnfs {

namespace {

using json = nlohmann::json;

// How an option's text becomes a JSON value.
enum class Kind {
  Count,    // integer >= 1
  Natural,  // integer >= 0
  Number,   // finite real
  Flag,     // true | false
  Kernel,   // K (square) or KHxKW → K or [KH, KW]
  Word,     // a name, checked by the layer (e.g. init)
};

struct OptionSyntax {
  const char* key;
  Kind kind;
  const char* fallback;            // the value used when the option is absent; nullptr: required
  const char* same_as = nullptr;   // or: absent means "equal to this other option"
};

struct LayerSyntax {
  const char* name;
  std::vector<OptionSyntax> options;  // options[0] may be written bare when `bare` is set
  bool bare;
  const char* usage;
};

// One entry per layer type make_layer knows, sorted by name (a test keeps the lists equal).
const std::vector<LayerSyntax>& syntax_table() {
  static const std::vector<LayerSyntax> table = {
      {"avgpool2d", {{"size", Kind::Count, "2"}, {"stride", Kind::Count, nullptr, "size"}}, true,
       "avgpool2d[:SIZE][:stride=S]"},
      {"batchnorm", {{"momentum", Kind::Number, "0.1"}, {"epsilon", Kind::Number, "1e-5"}}, false,
       "batchnorm[:momentum=M][:epsilon=E]"},
      {"conv2d",
       {{"filters", Kind::Count, nullptr},
        {"kernel", Kind::Kernel, "3"},
        {"stride", Kind::Count, "1"},
        {"padding", Kind::Natural, "0"},
        {"bias", Kind::Flag, "true"},
        {"init", Kind::Word, "he"}},
       true,
       "conv2d:FILTERS[:kernel=K|KHxKW][:stride=S][:padding=P][:bias=true|false][:init=he|xavier|nnfs]"},
      {"dense",
       {{"units", Kind::Count, nullptr},
        {"init", Kind::Word, "he"},
        {"l1", Kind::Number, "0"},
        {"l2", Kind::Number, "0"},
        {"bias_l1", Kind::Number, "0"},
        {"bias_l2", Kind::Number, "0"}},
       true,
       "dense:UNITS[:init=he|xavier|nnfs][:l1=X][:l2=X][:bias_l1=X][:bias_l2=X]"},
      {"dropout", {{"rate", Kind::Number, nullptr}}, true, "dropout:RATE"},
      {"flatten", {}, false, "flatten"},
      {"leaky_relu", {{"alpha", Kind::Number, "0.01"}}, true, "leaky_relu[:ALPHA]"},
      {"linear", {}, false, "linear"},
      {"maxpool2d", {{"size", Kind::Count, "2"}, {"stride", Kind::Count, nullptr, "size"}}, true,
       "maxpool2d[:SIZE][:stride=S]"},
      {"relu", {}, false, "relu"},
      {"sigmoid", {}, false, "sigmoid"},
      {"softmax", {}, false, "softmax"},
      {"tanh", {}, false, "tanh"},
  };
  return table;
}

const LayerSyntax* find_syntax(std::string_view name) {
  for (const auto& s : syntax_table())
    if (name == s.name) return &s;
  return nullptr;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

// Levenshtein distance, for "did you mean" hints on misspelt layer names.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t substitute = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
      diagonal = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, substitute});
    }
  }
  return row[b.size()];
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// One comma-separated piece of the string, trimmed; index and column count from 1.
struct Token {
  std::size_t index;
  std::size_t column;
  std::string_view text;
};

std::vector<Token> tokenize(std::string_view text) {
  std::vector<Token> tokens;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    const std::string_view raw = text.substr(start, comma - start);
    const std::string_view trimmed = trim(raw);
    const std::size_t lead = trimmed.empty() ? 0 : static_cast<std::size_t>(trimmed.data() - raw.data());
    tokens.push_back({tokens.size() + 1, start + lead + 1, trimmed});
    if (comma == text.size()) return tokens;
    start = comma + 1;
  }
}

std::vector<std::string_view> split_args(std::string_view token) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t colon = std::min(token.find(':', start), token.size());
    parts.push_back(trim(token.substr(start, colon - start)));
    if (colon == token.size()) return parts;
    start = colon + 1;
  }
}

// The error for one token: "<what>: token 3 'dens:128' (column 14): <problem>".
[[noreturn]] void fail(const std::string& what, const Token& t, const std::string& problem) {
  // The problem may quote parts of the token too, so the whole message is made printable.
  throw Error(printable(what + ": token " + std::to_string(t.index) + " '" + std::string(t.text) + "' (column " +
                        std::to_string(t.column) + "): " + problem));
}

std::string unknown_layer_message(std::string_view name) {
  const auto presets = preset_names();
  if (std::find(presets.begin(), presets.end(), name) != presets.end())
    return "'" + std::string(name) + "' is a model preset: give it alone (e.g. --arch " + std::string(name) +
           ") or write out its layers";
  std::vector<std::string> names;
  std::string closest;
  std::size_t best = 3;  // suggest names at most two edits away
  for (const auto& s : syntax_table()) {
    names.emplace_back(s.name);
    const std::size_t d = edit_distance(name, s.name);
    if (d < best && d < name.size()) {
      best = d;
      closest = s.name;
    }
  }
  const std::string hint = closest.empty() ? "" : " (did you mean '" + closest + "'?)";
  return "unknown layer '" + std::string(name) + "'" + hint + "; expected one of: " + join(names) +
         "; or a preset on its own: " + join(presets);
}

std::optional<unsigned long long> to_integer(std::string_view text) {
  unsigned long long n = 0;
  const auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || p != text.data() + text.size()) return std::nullopt;
  return n;
}

// The option's text as a JSON value of its kind; a malformed value fails the token.
json option_value(const std::string& what, const Token& t, const OptionSyntax& o, std::string_view text) {
  const std::string key = o.key, shown = "'" + std::string(text) + "'";
  switch (o.kind) {
    case Kind::Word:
      return std::string(text);
    case Kind::Flag:
      if (text != "true" && text != "false") fail(what, t, key + " must be true or false, got " + shown);
      return text == "true";
    case Kind::Count:
    case Kind::Natural: {
      const auto n = to_integer(text);
      if (!n || (o.kind == Kind::Count && *n == 0))
        fail(what, t, key + " must be a whole number >= " + (o.kind == Kind::Count ? "1" : "0") + ", got " + shown);
      return *n;
    }
    case Kind::Kernel: {
      const std::size_t x = text.find('x');
      const auto h = to_integer(text.substr(0, x));
      const auto w = x == std::string_view::npos ? h : to_integer(text.substr(x + 1));
      if (!h || !w || *h == 0 || *w == 0)
        fail(what, t, key + " must be a size K or KHxKW (whole numbers >= 1), got " + shown);
      if (x == std::string_view::npos) return *h;
      return json::array({*h, *w});
    }
    case Kind::Number:
      break;
  }
  double v = 0.0;
  const auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size() || !std::isfinite(v))
    fail(what, t, key + " must be a number, got " + shown);
  return v;
}

json parse_layer(const std::string& what, const Token& t) {
  if (t.text.empty()) fail(what, t, "empty layer (two commas in a row, or a comma at the start or end)");
  const std::vector<std::string_view> args = split_args(t.text);
  const LayerSyntax* syntax = find_syntax(args[0]);
  if (!syntax) fail(what, t, unknown_layer_message(args[0]));

  json entry = {{"type", syntax->name}};
  std::vector<std::string> keys;
  for (const auto& o : syntax->options) keys.emplace_back(o.key);
  for (std::size_t i = 1; i < args.size(); ++i) {
    const std::string_view arg = args[i];
    if (syntax->options.empty())
      fail(what, t, std::string("'") + syntax->name + "' takes no options, got '" + std::string(arg) + "'");
    const std::size_t eq = arg.find('=');
    const OptionSyntax* option = nullptr;
    std::string_view value = arg;
    if (eq == std::string_view::npos) {
      if (i != 1 || !syntax->bare)
        fail(what, t, "unexpected value '" + std::string(arg) + "': only the first argument may be a bare value; " +
                          "write the others as key=value (usage: " + syntax->usage + ")");
      option = &syntax->options[0];
    } else {
      const std::string_view key = trim(arg.substr(0, eq));
      value = trim(arg.substr(eq + 1));
      for (const auto& o : syntax->options)
        if (key == o.key) option = &o;
      if (!option)
        fail(what, t, "unknown option '" + std::string(key) + "' for " + syntax->name + " (options: " + join(keys) +
                          "; usage: " + syntax->usage + ")");
    }
    if (value.empty()) fail(what, t, std::string("option '") + option->key + "' has no value (usage: " + syntax->usage + ")");
    if (entry.contains(option->key)) fail(what, t, std::string("option '") + option->key + "' is given twice");
    entry[option->key] = option_value(what, t, *option, value);
  }
  for (const auto& o : syntax->options)
    if (!o.fallback && !o.same_as && !entry.contains(o.key))
      fail(what, t, std::string(syntax->name) + " needs " + o.key + " (usage: " + syntax->usage + ")");

  // The layer's own checks (ranges, initialiser names) run on the finished entry.
  try {
    make_layer(entry);
  } catch (const Error& e) {
    fail(what, t, e.what());
  }
  return entry;
}

// A float as a person writes it: the shortest text that reads back as the same float, in plain
// notation while that is short (0.0005), else in scientific notation without padding (1e-7).
std::string float_text(float f) {
  char buf[64];
  const auto fixed = std::to_chars(buf, buf + sizeof buf, f, std::chars_format::fixed);
  const std::string plain(buf, fixed.ptr);
  if (plain.size() <= 7) return plain;
  const auto sci = std::to_chars(buf, buf + sizeof buf, f, std::chars_format::scientific);
  const std::string text(buf, sci.ptr);  // e.g. "1e-07", "2.5e+12"
  const std::size_t e = text.find('e');
  std::string exponent = text.substr(e + 1);
  const bool negative = exponent[0] == '-';
  exponent.erase(0, exponent.find_first_not_of("+-0"));
  const std::string compact = text.substr(0, e + 1) + (negative ? "-" : "") + exponent;
  return compact.size() < plain.size() ? compact : plain;
}

// A JSON value as it would be written in an architecture string.
std::string value_text(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_float()) return float_text(v.get<float>());  // layers keep float parameters
  const bool pair = v.is_array() && v.size() == 2 && v[0].is_number_integer() && v[1].is_number_integer();
  if (pair) return v[0] == v[1] ? v[0].dump() : v[0].dump() + "x" + v[1].dump();  // a kernel
  return v.dump();
}

// Whether an option may be left out: it has the value the layer would use without it.
bool is_default(const json& layer, const OptionSyntax& o, const std::string& text) {
  if (o.same_as) return layer.contains(o.same_as) && value_text(layer[o.same_as]) == text;
  if (!o.fallback) return false;
  if (o.kind == Kind::Number) return std::strtof(o.fallback, nullptr) == layer[o.key].get<float>();
  return text == o.fallback;
}

std::string layer_text(const json& layer) {
  const std::string type = layer.value("type", std::string("?"));
  std::string out = type;
  const LayerSyntax* syntax = find_syntax(type);
  std::vector<std::string> written = {"type"};
  if (syntax) {
    for (std::size_t i = 0; i < syntax->options.size(); ++i) {
      const OptionSyntax& o = syntax->options[i];
      if (!layer.contains(o.key)) continue;
      written.emplace_back(o.key);
      const std::string v = value_text(layer[o.key]);
      if (i == 0 && syntax->bare) out += ":" + v;
      else if (!is_default(layer, o, v)) out += ":" + std::string(o.key) + "=" + v;
    }
  }
  for (const auto& [key, value] : layer.items())
    if (std::find(written.begin(), written.end(), key) == written.end()) out += ":" + key + "=" + value_text(value);
  return out;
}

}  // namespace

json parse_architecture(const std::string& text, const std::string& what) {
  if (trim(text).empty())
    throw Error(what + ": empty architecture; expected layers such as 'dense:128,relu,dense:10,softmax' or a preset (" +
                join(preset_names()) + ")");
  const auto layers = static_cast<std::size_t>(std::count(text.begin(), text.end(), ',')) + 1;
  if (layers > kMaxLayers)
    throw Error(what + ": " + std::to_string(layers) + " layers, more than the limit of " +
                std::to_string(kMaxLayers));
  json architecture = json::array();
  for (const Token& t : tokenize(text)) architecture.push_back(parse_layer(what, t));
  return architecture;
}

json resolve_architecture(const std::string& preset_or_text, std::size_t classes, const std::string& what) {
  const std::string name(trim(preset_or_text));
  const auto presets = preset_names();
  if (std::find(presets.begin(), presets.end(), name) != presets.end()) {
    try {
      return preset_architecture(name, classes);
    } catch (const Error& e) {
      throw Error(what + ": " + e.what());
    }
  }
  return parse_architecture(preset_or_text, what);
}

std::string to_arch_string(const json& architecture) {
  std::string out;
  for (const auto& layer : architecture) {
    if (!out.empty()) out += ',';
    out += layer_text(layer);
  }
  return out;
}

std::string default_loss(const json& architecture) {
  std::string last;
  for (const auto& layer : architecture) {
    const std::string type = layer.value("type", std::string());
    if (type != "dropout") last = type;  // dropout is the identity at inference
  }
  if (last == "softmax") return "categorical_crossentropy";
  if (last == "sigmoid") return "binary_crossentropy";
  return "mse";
}

}  // namespace nnfs
