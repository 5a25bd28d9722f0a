#include "engine/model/model_file.h"

#include <algorithm>
#include <set>

#include "engine/core/error.h"
#include "engine/model/safetensors.h"

namespace nnfs {

namespace {

using json = nlohmann::json;
constexpr const char* kFormatVersion = "1";

// A metadata value parsed as JSON, with errors naming file and key.
json metadata_json(const SafetensorsFile& file, const std::string& key, const std::string& path) {
  auto it = file.metadata.find(key);
  if (it == file.metadata.end())
    throw Error(path + ": not an nnfs model: metadata key '" + key + "' is missing");
  // Deep nesting is refused: printing the value (errors, `nnfs info`) recurses once per level.
  constexpr int kMaxDepth = 64;
  int deepest = 0;
  json value;
  try {
    value = json::parse(it->second, [&](int depth, json::parse_event_t, json&) {
      deepest = std::max(deepest, depth);
      return true;
    });
  } catch (const json::parse_error& e) {
    throw Error(path + ": metadata '" + key + "' is not valid JSON (byte " + std::to_string(e.byte) + ")");
  } catch (const json::exception&) {  // out_of_range: a number beyond double, e.g. 1E400
    throw Error(path + ": metadata '" + key + "' is not valid JSON (a number is out of range)");
  }
  if (deepest > kMaxDepth)
    throw Error(path + ": metadata '" + key + "' nests more than " + std::to_string(kMaxDepth) + " levels deep");
  return value;
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

// Every parameter the architecture declares is in the file with its exact shape, and nothing
// else is. Runs on a plan of the parameters (names and shapes, nothing allocated), so a small
// file whose metadata declares a huge network fails here instead of allocating it.
void check_tensors(const SafetensorsFile& file, const Shape& input, const json& architecture,
                   const std::string& path) {
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
  std::set<std::string> expected;
  for (const auto& e : plan.entries()) {
    expected.insert(e.name);
    const Tensor* t = file.find(e.name);
    if (!t) throw Error(path + ": tensor '" + e.name + "' required by the architecture is missing");
    if (t->shape() != e.shape)
      throw Error(path + ": tensor '" + e.name + "' has shape " + shape_to_string(t->shape()) +
                  " but the architecture needs " + shape_to_string(e.shape));
  }
  for (const auto& t : file.tensors)
    if (!expected.count(t.name))
      throw Error(path + ": tensor '" + t.name + "' is not part of the architecture");
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

void save_model(const std::string& path, const Model& model) {
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
  const json architecture = metadata_json(file, "nnfs.architecture", path);
  check_tensors(file, input, architecture, path);
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
  const json pre = metadata_json(file, "nnfs.preprocessing", path);
  if (!pre.is_object() || !pre.contains("pixel_scale") || !pre["pixel_scale"].is_number() ||
      !pre.contains("pixel_offset") || !pre["pixel_offset"].is_number())
    throw Error(path + ": nnfs.preprocessing must have numbers 'pixel_scale' and 'pixel_offset'");
  model.input_scaling = {pre["pixel_scale"].get<float>(), pre["pixel_offset"].get<float>()};
  if (file.metadata.count("nnfs.training")) model.training = metadata_json(file, "nnfs.training", path);

  // check_tensors found every parameter and buffer with its exact shape.
  for (ParamArena* arena : {&model.net.params(), &model.net.buffers()})
    for (const auto& e : arena->entries())
      std::copy_n(file.find(e.name)->data(), e.size, arena->values().data() + e.offset);
  return model;
}

Model load_model(const std::string& path) { return model_from_safetensors(load_safetensors(path), path); }

}  // namespace nnfs
