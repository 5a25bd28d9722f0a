// ONNX import: the file → protobuf → chain (onnx_import_graph) → layers (onnx_import_ops) → Model.
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "engine/core/error.h"
#include "engine/model/architecture.h"
#include "engine/model/model_file.h"
#include "engine/onnx/onnx_import.h"
#include "engine/onnx/onnx_import_ops.h"
#include "engine/util/input_file.h"

namespace nnfs {

namespace {

using namespace onnx_import;

// Operator set versions whose semantics for our ops the converters know (7: the first with
// today's Gemm/BatchNormalization; 18 changed Pad and pooling attributes' inputs).
constexpr std::int64_t kMinOpset = 7, kMaxOpset = 17;

std::int64_t opset_version(const onnx::ModelProto& proto, const std::string& path) {
  for (const auto& o : proto.opset_import())
    if (o.domain().empty() || o.domain() == "ai.onnx") {
      if (o.version() < kMinOpset || o.version() > kMaxOpset)
        throw Error(path + ": operator set version " + std::to_string(o.version()) + " not supported, expected " +
                    std::to_string(kMinOpset) + " to " + std::to_string(kMaxOpset));
      return o.version();
    }
  throw Error(path + ": no operator set version for the standard ops (opset_import)");
}

// The network from the converted layers, each tensor copied into its arena slot by name.
Sequential build_network(const Shape& input, const std::vector<ImportedLayer>& layers, const std::string& path) {
  nlohmann::json architecture = nlohmann::json::array();
  for (const ImportedLayer& l : layers) architecture.push_back(l.config);
  Sequential net = Sequential::from_architecture(input, architecture);
  for (ParamArena* arena : {&net.params(), &net.buffers()})
    for (const ParamArena::Entry& e : arena->entries()) {
      // "layers.3.weight" → layer 3, "weight"
      const std::size_t dot = e.name.find('.', 7);
      const ImportedLayer& l = layers.at(std::stoul(e.name.substr(7, dot - 7)));
      auto t = l.tensors.find(e.name.substr(dot + 1));
      if (t == l.tensors.end() || t->second.shape != e.shape)
        throw Error(path + ": internal mismatch: tensor '" + e.name + "' " + shape_to_string(e.shape) + " not converted");
      std::copy(t->second.values.begin(), t->second.values.end(), arena->values().begin() + static_cast<std::ptrdiff_t>(e.offset));
    }
  return net;
}

std::vector<std::string> class_names(const onnx::ModelProto& proto, std::size_t k) {
  std::vector<std::string> names;
  for (const auto& p : proto.metadata_props())
    if (p.key() == "class_names") {
      const auto parsed = nlohmann::json::parse(p.value(), nullptr, false);
      if (parsed.is_array() && parsed.size() == k && std::all_of(parsed.begin(), parsed.end(), [](const auto& n) { return n.is_string(); }))
        return parsed.get<std::vector<std::string>>();
    }
  for (std::size_t i = 0; i < k; ++i) names.push_back(std::to_string(i));
  return names;
}

std::string base_name(const std::string& path) { return path.substr(path.find_last_of('/') + 1); }

}  // namespace

Model import_onnx_bytes(const void* data, std::size_t size, const std::string& path, const OnnxImportOptions& options,
                        OnnxImportInfo* info) {
  if (size > kMaxOnnxBytes)
    throw Error(path + ": " + std::to_string(size) + " bytes, expected at most " + std::to_string(kMaxOnnxBytes));
  onnx::ModelProto proto;
  if (size == 0 || !proto.ParseFromArray(data, static_cast<int>(size)))
    throw Error(path + ": not an ONNX model (the protobuf does not parse: truncated or not ONNX), expected an ONNX ModelProto");
  if (!proto.has_graph()) throw Error(path + ": no graph in the file, expected an ONNX model");
  const std::int64_t opset = opset_version(proto, path);
  const Chain chain = read_chain(proto.graph(), path);
  ImportState state;
  state.shape = chain.input_shape;
  for (std::size_t i = 0; i < chain.nodes.size(); ++i) {
    const onnx::NodeProto& node = proto.graph().node(chain.nodes[i]);
    const NodeReader reader(node, node_label(path, chain.nodes[i], node), chain, static_cast<int>(opset));
    import_node(state, reader, i + 1 == chain.nodes.size());
  }
  if (state.layers.empty()) throw Error(path + ": the graph has no layers");
  Model model;
  model.net = build_network(chain.input_shape, state.layers, path);
  model.loss = default_loss(model.net.architecture());
  const std::size_t k = shape_size(model.net.output_shape());
  if (model.loss == "categorical_crossentropy") model.class_names = class_names(proto, k);
  const bool from_graph = state.has_scale || state.has_offset;
  model.input_scaling = from_graph ? PixelScaling{state.scale, state.offset}
                                   : PixelScaling{static_cast<float>(options.pixel_scale), static_cast<float>(options.pixel_offset)};
  check_scaling(model.input_scaling.scale, model.input_scaling.offset, path + ": input scaling");
  check_model_finite(model, path);
  model.training = {{"imported_from", base_name(path)}};
  if (info) *info = {from_graph, state.log_softmax, proto.producer_name() + " " + proto.producer_version()};
  return model;
}

Model import_onnx(const std::string& path, const OnnxImportOptions& options, OnnxImportInfo* info) {
  InputFile file = open_input_file(path);  // refuses FIFOs, devices, directories
  if (file.size() > kMaxOnnxBytes)
    throw Error(path + ": " + std::to_string(file.size()) + " bytes, expected an ONNX file of at most " +
                std::to_string(kMaxOnnxBytes));
  std::string bytes(file.size(), '\0');
  std::size_t got = 0;
  while (got < bytes.size()) {
    const ssize_t n = ::read(file.fd(), bytes.data() + got, bytes.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw Error(path + ": cannot read: " + std::strerror(errno));
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  bytes.resize(got);
  return import_onnx_bytes(bytes.data(), bytes.size(), path, options, info);
}

}  // namespace nnfs
