#include "engine/model/model_file.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "engine/core/error.h"
#include "engine/model/architecture.h"
#include "engine/model/safetensors.h"
#include "engine/util/json_scan.h"

namespace nnfs {

namespace {

using json = nlohmann::json;
constexpr const char* kFormatVersion = "1";

// A metadata value parsed as JSON, with errors naming file and key. The linear scan refuses deep
// nesting (printing the value, in errors and `nnfs info`, recurses once per level) and more than
// `max_items` entries (e.g. layers), before anything is built.
json metadata_json(const SafetensorsFile& file, const std::string& key, const std::string& path,
                   std::size_t max_items = SIZE_MAX, const char* items = "entries") {
  auto it = file.metadata.find(key);
  if (it == file.metadata.end())
    throw Error(path + ": not an nnfs model: metadata key '" + key + "' is missing");
  constexpr int kMaxDepth = 64;
  const JsonScan scan = scan_json(it->second, {.max_depth = kMaxDepth, .max_top_level_items = max_items});
  if (scan.stop == JsonScan::Stop::TooDeep)
    throw Error(path + ": metadata '" + key + "' nests more than " + std::to_string(kMaxDepth) + " levels deep");
  if (scan.stop == JsonScan::Stop::TooManyItems)
    throw Error(path + ": metadata '" + key + "' has more than " + std::to_string(max_items) + " " + items +
                ", the limit");
  try {
    return json::parse(it->second);  // duplicate keys: the last one wins, as before
  } catch (const json::parse_error& e) {
    throw Error(path + ": metadata '" + key + "' is not valid JSON (byte " + std::to_string(e.byte) + ")");
  } catch (const json::exception&) {  // out_of_range: a number beyond double, e.g. 1E400
    throw Error(path + ": metadata '" + key + "' is not valid JSON (a number is out of range)");
  }
}

Shape parse_shape(const json& j, const std::string& path) {
  if (!j.is_array() || j.empty()) throw Error(path + ": nnfs.input_shape must be a non-empty array");
  Shape shape;
  for (const auto& d : j) {
    if (!d.is_number_integer() || d.get<long long>() <= 0 || d.get<long long>() > (1 << 24))
      throw Error(path + ": nnfs.input_shape has a bad dimension " + d.dump());
    shape.push_back(d.get<std::size_t>());
  }
  return shape;
}

using TensorIndex = std::unordered_map<std::string_view, const Tensor*>;

// The file's tensors by name: one lookup each, so loading stays linear in the number of layers.
TensorIndex index_tensors(const SafetensorsFile& file) {
  TensorIndex index;
  index.reserve(file.tensors.size());
  for (const NamedTensor& nt : file.tensors) index.emplace(nt.name, &nt.tensor);
  return index;
}

// Every parameter the architecture declares is in the file with its exact shape, and nothing
// else is. Runs on a plan of the parameters (names and shapes, nothing allocated), so a small
// file whose metadata declares a huge network fails here instead of allocating it.
void check_tensors(const SafetensorsFile& file, const TensorIndex& index, const Shape& input,
                   const json& architecture, const std::string& path) {
  ParamArena plan;
  Shape shape = input;
  try {
    if (!architecture.is_array()) throw Error("architecture must be a JSON array of layers");
    for (std::size_t i = 0; i < architecture.size(); ++i) {
      try {
        auto layer = make_layer(architecture[i]);
        shape = layer->build(shape, "layers." + std::to_string(i), plan);
        layer->build_buffers("layers." + std::to_string(i), plan);
      } catch (const Error& e) {
        throw Error("layer " + std::to_string(i) + ": " + e.what());
      }
    }
  } catch (const Error& e) {
    throw Error(path + ": bad architecture: " + e.what());
  }
  std::unordered_set<std::string_view> expected;
  for (const auto& e : plan.entries()) {
    expected.insert(e.name);
    const auto it = index.find(e.name);
    if (it == index.end()) throw Error(path + ": tensor '" + e.name + "' required by the architecture is missing");
    if (it->second->shape() != e.shape)
      throw Error(path + ": tensor '" + e.name + "' has shape " + shape_to_string(it->second->shape()) +
                  " but the architecture needs " + shape_to_string(e.shape));
  }
  for (const auto& t : file.tensors)
    if (!expected.count(t.name))
      throw Error(path + ": tensor '" + t.name + "' is not part of the architecture");
}

// A number as a message shows it: shortest round-trip form, "nan", "inf".
std::string number_text(double v) {
  char text[32];
  return std::string(text, std::to_chars(text, text + sizeof text, v).ptr);
}

PixelScaling read_scaling(const json& pre, const std::string& path) {
  if (!pre.is_object() || !pre.contains("pixel_scale") || !pre["pixel_scale"].is_number() ||
      !pre.contains("pixel_offset") || !pre["pixel_offset"].is_number())
    throw Error(path + ": nnfs.preprocessing must have numbers 'pixel_scale' and 'pixel_offset'");
  const double scale = pre["pixel_scale"].get<double>(), offset = pre["pixel_offset"].get<double>();
  check_scaling(scale, offset, path);  // before converting: 1e39 would become an infinite float
  return {static_cast<float>(scale), static_cast<float>(offset)};
}

}  // namespace

SafetensorsFile model_to_safetensors(const Model& model) {
  SafetensorsFile file;
  file.metadata["nnfs.format"] = kFormatVersion;
  file.metadata["nnfs.architecture"] = model.net.architecture().dump();
  file.metadata["nnfs.input_shape"] = json(model.net.input_shape()).dump();
  file.metadata["nnfs.loss"] = model.loss;
  file.metadata["nnfs.class_names"] = json(model.class_names).dump();
  file.metadata["nnfs.preprocessing"] =
      json{{"pixel_scale", model.input_scaling.scale}, {"pixel_offset", model.input_scaling.offset}}.dump();
  file.metadata["nnfs.training"] = model.training.dump();

  for (const ParamArena* arena : {&model.net.params(), &model.net.buffers()})
    for (const auto& e : arena->entries()) {
      Tensor t(e.shape);
      std::copy_n(arena->values().data() + e.offset, e.size, t.data());
      file.tensors.push_back({e.name, std::move(t)});
    }
  return file;
}

void check_finite(const float* values, std::size_t n, const std::string& where) {
  for (std::size_t i = 0; i < n; ++i)
    if (!std::isfinite(values[i]))
      throw Error(where + ": value " + std::to_string(i) + " is " +
                  (std::isnan(values[i]) ? "NaN" : values[i] > 0 ? "+Inf" : "-Inf") +
                  "; a model must hold finite numbers");
}

// x = pixel·scale + offset must give finite inputs of a sane size for every pixel 0-255: a NaN,
// infinite, zero or absurd scaling would make every answer meaningless.
void check_scaling(double scale, double offset, const std::string& where) {
  if (!(std::abs(scale) >= kMinPixelScale && std::abs(scale) <= kMaxPixelScale))
    throw Error(where + ": nnfs.preprocessing 'pixel_scale' is " + number_text(scale) +
                ", expected a magnitude from 1e-06 to 1000");
  if (!(std::abs(offset) <= kMaxPixelOffset))
    throw Error(where + ": nnfs.preprocessing 'pixel_offset' is " + number_text(offset) +
                ", expected a number from -1000000 to 1000000");
}

void check_model_finite(const Model& model, const std::string& where) {
  check_scaling(model.input_scaling.scale, model.input_scaling.offset, where);
  for (const ParamArena* arena : {&model.net.params(), &model.net.buffers()})
    for (const auto& e : arena->entries())
      check_finite(arena->values().data() + e.offset, e.size, where + ": tensor '" + e.name + "'");
}

void save_model(const std::string& path, const Model& model) {
  check_model_finite(model, path + ": cannot save");
  save_safetensors(path, model_to_safetensors(model));
}

Model model_from_safetensors(SafetensorsFile file, const std::string& path) {
  // A checkpoint (engine/train/checkpoint.h) is a model file plus the optimizer's arrays.
  if (file.metadata.count("nnfs.checkpoint"))
    std::erase_if(file.tensors, [](const NamedTensor& t) { return t.name.starts_with("optimizer."); });
  auto format = file.metadata.find("nnfs.format");
  if (format == file.metadata.end())
    throw Error(path + ": not an nnfs model (safetensors without 'nnfs.format' metadata)");
  if (format->second != kFormatVersion)
    throw Error(path + ": model format version '" + format->second + "' is not supported (expected " +
                kFormatVersion + ")");

  Model model;
  const Shape input = parse_shape(metadata_json(file, "nnfs.input_shape", path), path);
  const json architecture = metadata_json(file, "nnfs.architecture", path, kMaxLayers, "layers");
  const TensorIndex index = index_tensors(file);
  check_tensors(file, index, input, architecture, path);
  for (const NamedTensor& nt : file.tensors) check_finite(nt.tensor.data(), nt.tensor.size(), path + ": tensor '" + nt.name + "'");
  try {
    model.net = Sequential::from_architecture(input, architecture);
  } catch (const Error& e) {
    throw Error(path + ": bad architecture: " + e.what());
  }
  auto loss = file.metadata.find("nnfs.loss");
  if (loss != file.metadata.end()) model.loss = loss->second;
  const json names = metadata_json(file, "nnfs.class_names", path);
  if (!names.is_array() || !std::all_of(names.begin(), names.end(), [](const json& n) { return n.is_string(); }))
    throw Error(path + ": nnfs.class_names must be an array of strings");
  model.class_names = names.get<std::vector<std::string>>();
  const std::size_t outputs = shape_size(model.net.output_shape());
  if (model.loss == "categorical_crossentropy" && model.class_names.size() != outputs)
    throw Error(path + ": nnfs.class_names has " + std::to_string(model.class_names.size()) +
                " names but the model has " + std::to_string(outputs) + " outputs");
  model.input_scaling = read_scaling(metadata_json(file, "nnfs.preprocessing", path), path);
  if (file.metadata.count("nnfs.training")) model.training = metadata_json(file, "nnfs.training", path);

  // check_tensors found every parameter and buffer with its exact shape.
  for (ParamArena* arena : {&model.net.params(), &model.net.buffers()})
    for (const auto& e : arena->entries())
      std::copy_n(index.at(e.name)->data(), e.size, arena->values().data() + e.offset);
  return model;
}

Model load_model(const std::string& path) { return model_from_safetensors(load_safetensors(path), path); }

}  // namespace nnfs
